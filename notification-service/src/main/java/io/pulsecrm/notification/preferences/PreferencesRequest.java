package io.pulsecrm.notification.preferences;

import java.util.List;
import java.util.Map;

/**
 * Body of PUT /api/notifications/preferences: replaces the user's settings (whatever is left out takes its default).
 *
 * @param timeZone   IANA zone id, e.g. {@code Europe/Berlin}
 * @param quietHours {@code {"start": "22:00", "end": "07:00"}} in the user's time zone
 * @param digest     {@code {"time": "08:00", "types": ["task_reminder"]}}: these types' emails come as one daily digest
 */
public record PreferencesRequest(String email, Map<String, List<String>> channels, String timeZone,
                                 Window quietHours, Digest digest) {

    /** Quiet hours as sent: local times {@code HH:mm} (or {@code HH:mm:ss}). */
    public record Window(String start, String end) {
    }

    /** The daily digest as sent. */
    public record Digest(String time, List<String> types) {
    }
}

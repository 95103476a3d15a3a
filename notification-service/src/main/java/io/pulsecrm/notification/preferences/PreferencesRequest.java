package io.pulsecrm.notification.preferences;

import java.util.List;
import java.util.Map;

/** Body of PUT /api/notifications/preferences: replaces the user's settings. */
public record PreferencesRequest(String email, Map<String, List<String>> channels) {
}

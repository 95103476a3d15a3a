package io.pulsecrm.notification.preferences;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A recipient's daily digest: the notification types whose emails are collected instead of sent one by one, and
 * the local time of day at which one email lists what was collected since the previous one. {@code time} is an ISO
 * local time ({@code HH:mm} or {@code HH:mm:ss}), kept as text.
 */
public record DailyDigest(String time, List<String> types) {

    public DailyDigest {
        LocalTime.parse(time);
        types = types == null ? List.of() : List.copyOf(types);
    }

    public boolean covers(String type) {
        return types.contains(type);
    }

    /**
     * The digest an item that happened at {@code at} belongs to: the first digest time strictly after it, in the
     * recipient's zone (a local time that does not exist that day, in a daylight-saving gap, moves later by the
     * gap's length).
     */
    public ZonedDateTime nextAfter(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        ZonedDateTime candidate = ZonedDateTime.of(local.toLocalDate(), LocalTime.parse(time), zone);
        return candidate.toInstant().isAfter(at) ? candidate
                : ZonedDateTime.of(local.toLocalDate().plusDays(1), LocalTime.parse(time), zone);
    }
}

package io.pulsecrm.notification.preferences;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A recipient's quiet hours: a daily window of their local time in which no email is sent. Emails due inside it
 * are held and go out when it ends. {@code start} is inclusive and {@code end} exclusive; a window whose end is
 * before its start runs over midnight (22:00–07:00). Times are ISO local times, {@code HH:mm} or {@code HH:mm:ss},
 * kept as text so the store never converts them through a time zone.
 */
public record QuietHours(String start, String end) {

    public QuietHours {
        LocalTime from = LocalTime.parse(start);
        LocalTime to = LocalTime.parse(end);
        if (from.equals(to)) {
            throw new IllegalArgumentException("quiet hours must not start and end at the same time");
        }
    }

    /** Whether this local time of day is inside the window. */
    public boolean covers(LocalTime time) {
        LocalTime from = LocalTime.parse(start);
        LocalTime to = LocalTime.parse(end);
        return from.isBefore(to)
                ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to);
    }

    /**
     * When the window that {@code now} falls in ends, for a recipient in {@code zone}; empty when {@code now} is
     * outside quiet hours. A local end time that does not exist that day (in a daylight-saving gap) moves later by
     * the length of the gap (02:30 → 03:30), as {@link ZonedDateTime#of} does.
     */
    public Optional<Instant> endOfWindowAt(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (!covers(time)) {
            return Optional.empty();
        }
        LocalTime from = LocalTime.parse(start);
        LocalTime to = LocalTime.parse(end);
        LocalDate endDate = local.toLocalDate();
        if (!from.isBefore(to) && !time.isBefore(from)) {
            endDate = endDate.plusDays(1); // before midnight in a window that runs over it
        }
        Instant end = ZonedDateTime.of(endDate, to, zone).toInstant();
        return Optional.of(end.isAfter(now) ? end : now);
    }
}

package io.pulsecrm.tasks.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.pulsecrm.tasks.tasks.TaskEvents.TaskSnapshot;

/**
 * Writes tasks as an RFC 5545 calendar: one VEVENT per task with a due time, in UTC (no VTIMEZONE needed), meetings
 * with their duration and other tasks with a short default length. Each occurrence of a series is its own task,
 * so no RRULE is written (it would show occurrences twice).
 */
final class IcsWriter {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private IcsWriter() {
    }

    static String write(String calendarName, List<TaskSnapshot> tasks, Duration defaultDuration, Instant now) {
        StringBuilder ics = new StringBuilder();
        line(ics, "BEGIN:VCALENDAR");
        line(ics, "VERSION:2.0");
        line(ics, "PRODID:-//Pulse CRM//tasks-service//EN");
        line(ics, "CALSCALE:GREGORIAN");
        line(ics, "METHOD:PUBLISH");
        line(ics, "X-WR-CALNAME:" + escape(calendarName));
        for (TaskSnapshot task : tasks) {
            Duration length = task.durationMinutes() != null ? Duration.ofMinutes(task.durationMinutes()) : defaultDuration;
            line(ics, "BEGIN:VEVENT");
            line(ics, "UID:" + task.id() + "@tasks.pulsecrm");
            line(ics, "DTSTAMP:" + UTC.format(task.updatedAt() != null ? task.updatedAt() : now));
            line(ics, "LAST-MODIFIED:" + UTC.format(task.updatedAt() != null ? task.updatedAt() : now));
            line(ics, "DTSTART:" + UTC.format(task.dueAt()));
            line(ics, "DTEND:" + UTC.format(task.dueAt().plus(length)));
            String done = "done".equals(task.status()) ? "✔ " : "";
            line(ics, "SUMMARY:" + escape(done + task.title()));
            if (task.description() != null) {
                line(ics, "DESCRIPTION:" + escape(task.description()));
            }
            line(ics, "CATEGORIES:" + escape(task.type().toUpperCase(java.util.Locale.ROOT)));
            line(ics, "PRIORITY:" + switch (task.priority()) {
                case "urgent" -> 1;
                case "high" -> 3;
                case "low" -> 9;
                default -> 5;
            });
            line(ics, "STATUS:CONFIRMED");
            line(ics, "END:VEVENT");
        }
        line(ics, "END:VCALENDAR");
        return ics.toString();
    }

    /** TEXT escaping of RFC 5545 §3.3.11. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    /** Content lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character (§3.1). */
    private static void line(StringBuilder ics, String content) {
        int octets = 0;
        int limit = 75;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < content.length(); ) {
            int codePoint = content.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int size = character.getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                ics.append(current).append("\r\n ");
                current.setLength(0);
                octets = 1;
                limit = 75;
            }
            current.append(character);
            octets += size;
            i += Character.charCount(codePoint);
        }
        ics.append(current).append("\r\n");
    }
}

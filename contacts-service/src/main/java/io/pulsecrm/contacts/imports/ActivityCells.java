package io.pulsecrm.contacts.imports;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.InvalidRequestException;

/**
 * Cells of activity files as other CRMs and spreadsheets write them: the kind in English or Russian (amoCRM's
 * "Входящий звонок" is a call with its direction), dates in ISO 8601, Russian ({@code 05.03.2024 14:30}) or US
 * ({@code 3/5/2024 2:30 PM}; day first when the first number cannot be a month) notation, durations as minutes or
 * {@code h:mm[:ss]}.
 */
final class ActivityCells {

    /** A kind, and the direction its name implies (null when it says none). */
    record Kind(String type, String direction) {
    }

    private static final Map<String, Kind> KINDS = new HashMap<>();
    private static final Map<String, String> DIRECTIONS = new HashMap<>();
    private static final Pattern DOTTED = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?");
    private static final Pattern SLASHED = Pattern.compile(
            "(\\d{1,2})/(\\d{1,2})/(\\d{4})(?:,?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*([AaPp][Mm])?)?");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,3}):(\\d{2})(?::(\\d{2}))?");
    private static final Pattern MINUTES = Pattern.compile("(\\d{1,5}(?:[.,]\\d+)?)\\s*(?:min|mins|minutes|мин|минут|минуты|минута)?\\.?");
    static final String DATE_FORMATS = "2024-03-05 14:30, 05.03.2024 14:30, 3/5/2024 2:30 PM or ISO 8601";

    static {
        kinds(new Kind("note", null), "note", "notes", "comment", "заметка", "примечание", "комментарий");
        kinds(new Kind("call", null), "call", "phone call", "calls", "звонок", "телефонный звонок");
        kinds(new Kind("call", "inbound"), "inbound call", "incoming call", "call in", "входящий звонок", "входящий");
        kinds(new Kind("call", "outbound"), "outbound call", "outgoing call", "call out", "исходящий звонок", "исходящий");
        kinds(new Kind("meeting", null), "meeting", "meetings", "lunch", "встреча");
        kinds(new Kind("email", null), "email", "e-mail", "mail", "письмо", "электронное письмо");
        kinds(new Kind("email", "inbound"), "incoming email", "inbound email", "входящее письмо");
        kinds(new Kind("email", "outbound"), "outgoing email", "outbound email", "sent email", "исходящее письмо");
        directions("inbound", "inbound", "incoming", "in", "входящий", "входящее", "вх");
        directions("outbound", "outbound", "outgoing", "out", "исходящий", "исходящее", "исх");
    }

    private ActivityCells() {
    }

    private static void kinds(Kind kind, String... names) {
        for (String name : names) {
            KINDS.put(key(name), kind);
        }
    }

    private static void directions(String direction, String... names) {
        for (String name : names) {
            DIRECTIONS.put(key(name), direction);
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replace('ё', 'е').replaceAll("[^\\p{L}\\p{N}]", "");
    }

    /** The kind a cell names; absent cell: a note. */
    static Kind kind(String cell, List<FieldProblem> problems) {
        if (cell == null) {
            return new Kind("note", null);
        }
        Kind kind = KINDS.get(key(cell));
        if (kind == null) {
            problems.add(new FieldProblem("type", "'" + InvalidRequestException.echo(cell) + "' is not an activity type: note, call, meeting or email"
                    + " (заметка, звонок, встреча, письмо)"));
        }
        return kind;
    }

    static String direction(String cell, List<FieldProblem> problems) {
        if (cell == null) {
            return null;
        }
        String direction = DIRECTIONS.get(key(cell));
        if (direction == null) {
            problems.add(new FieldProblem("direction", "'" + InvalidRequestException.echo(cell) + "' is not a direction: inbound or outbound (входящий, исходящий)"));
        }
        return direction;
    }

    /** A date and time; one without an offset is read in {@code zone}, a date alone as its start of day there. */
    static Instant instant(String cell, ZoneId zone, String field, List<FieldProblem> problems) {
        if (cell == null) {
            return null;
        }
        String text = cell.strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            // local notations below
        }
        LocalDateTime local = local(text);
        if (local == null) {
            problems.add(new FieldProblem(field, "'" + InvalidRequestException.echo(cell) + "' is not a date and time (" + DATE_FORMATS + ")"));
            return null;
        }
        return local.atZone(zone).toInstant();
    }

    private static LocalDateTime local(String text) {
        try {
            return LocalDateTime.parse(text.replace(' ', 'T'));
        } catch (DateTimeParseException notIso) {
            // other notations
        }
        try {
            return LocalDate.parse(text).atStartOfDay();
        } catch (DateTimeParseException notIsoDate) {
            // other notations
        }
        try {
            Matcher dotted = DOTTED.matcher(text);
            if (dotted.matches()) {
                return at(LocalDate.of(number(dotted, 3), number(dotted, 2), number(dotted, 1)), dotted, null);
            }
            Matcher slashed = SLASHED.matcher(text);
            if (slashed.matches()) {
                int first = number(slashed, 1);
                int second = number(slashed, 2);
                LocalDate date = first > 12 ? LocalDate.of(number(slashed, 3), second, first) : LocalDate.of(number(slashed, 3), first, second);
                return at(date, slashed, slashed.group(7));
            }
        } catch (DateTimeException outOfRange) {
            return null;
        }
        return null;
    }

    private static LocalDateTime at(LocalDate date, Matcher matcher, String halfDay) {
        if (matcher.group(4) == null) {
            return date.atStartOfDay();
        }
        int hour = number(matcher, 4);
        if (halfDay != null) {
            if (hour < 1 || hour > 12) {
                throw new DateTimeException("hour " + hour + " with AM/PM");
            }
            hour = hour % 12 + (halfDay.equalsIgnoreCase("pm") ? 12 : 0);
        }
        int seconds = matcher.group(6) == null ? 0 : number(matcher, 6);
        return date.atTime(LocalTime.of(hour, number(matcher, 5), seconds));
    }

    private static int number(Matcher matcher, int group) {
        return Integer.parseInt(matcher.group(group));
    }

    /** A duration in seconds: a number of minutes ({@code 15}, {@code 1,5}, {@code 15 мин}) or {@code h:mm[:ss]}. */
    static Integer durationSeconds(String cell, List<FieldProblem> problems) {
        if (cell == null) {
            return null;
        }
        String text = cell.strip().toLowerCase(Locale.ROOT);
        Matcher clock = CLOCK.matcher(text);
        if (clock.matches()) {
            return number(clock, 1) * 3600 + number(clock, 2) * 60 + (clock.group(3) == null ? 0 : number(clock, 3));
        }
        Matcher minutes = MINUTES.matcher(text);
        if (minutes.matches()) {
            BigDecimal value = new BigDecimal(minutes.group(1).replace(',', '.')).multiply(BigDecimal.valueOf(60));
            if (value.compareTo(BigDecimal.valueOf(86_400)) <= 0) {
                return value.intValue();
            }
        }
        problems.add(new FieldProblem("duration", "'" + InvalidRequestException.echo(cell) + "' is not a duration: minutes (15) or h:mm[:ss] (0:15:30), at most a day"));
        return null;
    }
}

package io.pulsecrm.automation.conditions;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * How condition operators compare JSON values: numbers numerically (also when one side is numeric text), text
 * case-insensitively, dates and date-times chronologically, including the relative values {@code now},
 * {@code now+P7D}, {@code today-P1D}.
 */
public final class Values {

    private static final Pattern RELATIVE = Pattern.compile("(now|today)(?:([+-])(P.+))?", Pattern.CASE_INSENSITIVE);

    private Values() {
    }

    public static boolean isEmpty(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return true;
        }
        if (value.isString()) {
            return value.stringValue().isBlank();
        }
        return value.isContainer() && value.isEmpty();
    }

    /** Equality as users mean it: 5 equals 5.0 and "5"; "Customer" equals "customer"; missing equals null. */
    public static boolean equal(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isMissingNode() || a.isNull();
        boolean bNull = b == null || b.isMissingNode() || b.isNull();
        if (aNull || bNull) {
            return aNull && bNull;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        if (a.isString() && b.isString()) {
            return a.stringValue().equalsIgnoreCase(b.stringValue());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return a.booleanValue() == b.booleanValue();
        }
        if (a.isBoolean() && b.isString() || a.isString() && b.isBoolean()) {
            return text(a).equalsIgnoreCase(text(b));
        }
        return a.equals(b);
    }

    /**
     * Orders two values: numbers, then dates / date-times (relative values resolved against {@code clock}).
     *
     * @return negative, zero or positive; null when they are not comparable (missing, text, mixed kinds)
     */
    public static Integer compare(JsonNode a, JsonNode b, Clock clock) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y);
        }
        if (a == null || b == null || !a.isString() || !b.isString()) {
            return null;
        }
        Instant left = instant(a.stringValue(), clock);
        Instant right = instant(b.stringValue(), clock);
        return left == null || right == null ? null : left.compareTo(right);
    }

    /** Text contains text (case-insensitive), or an array holds an element equal to the value. */
    public static boolean contains(JsonNode container, JsonNode value) {
        if (container == null || value == null) {
            return false;
        }
        if (container.isArray()) {
            for (JsonNode element : container) {
                if (equal(element, value)) {
                    return true;
                }
            }
            return false;
        }
        if (container.isString() && !value.isContainer() && !value.isNull() && !value.isMissingNode()) {
            return container.stringValue().toLowerCase(Locale.ROOT).contains(text(value).toLowerCase(Locale.ROOT));
        }
        return false;
    }

    /** The value is one of the list (for an array value: any of its elements is). */
    public static boolean in(JsonNode value, JsonNode list) {
        if (list == null || !list.isArray()) {
            return false;
        }
        if (value != null && value.isArray()) {
            for (JsonNode element : value) {
                if (contains(list, element)) {
                    return true;
                }
            }
            return false;
        }
        return contains(list, value);
    }

    /** Whether a condition value is usable with an ordering operator (a number, a date or a relative date). */
    public static boolean isOrderable(JsonNode value) {
        return value != null && (value.isNumber() || value.isString()
                && (number(value) != null || instant(value.stringValue(), Clock.systemUTC()) != null));
    }

    /** The value as a number, if it is one or is text holding one. */
    public static BigDecimal number(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isString()) {
            String text = value.stringValue().strip();
            if (!text.isEmpty() && text.length() < 40 && (Character.isDigit(text.charAt(text.length() - 1)))
                    && text.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                try {
                    return new BigDecimal(text);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** A date ({@code 2026-11-23}, read as its start in UTC), date-time with offset, or relative value. */
    public static Instant instant(String text, Clock clock) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            Instant base = relative.group(1).equalsIgnoreCase("today")
                    ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : clock.instant();
            if (relative.group(2) == null) {
                return base;
            }
            Instant shifted = shift(base, relative.group(3), relative.group(2).equals("-"));
            return shifted;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant shift(Instant base, String amount, boolean minus) {
        String upper = amount.toUpperCase(Locale.ROOT);
        try {
            if (upper.contains("T")) {
                Duration duration = Duration.parse(upper);
                return minus ? base.minus(duration) : base.plus(duration);
            }
            Period period = Period.parse(upper);
            var zoned = base.atZone(ZoneOffset.UTC);
            return (minus ? zoned.minus(period) : zoned.plus(period)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The value as text for messages and templates: text as is, other scalars in JSON form, absent as "". */
    public static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}

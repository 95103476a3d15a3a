package io.pulsecrm.tasks.recurrence;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

import io.pulsecrm.platform.web.InvalidRequestException;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * A recurrence rule: RFC 5545 RRULE (parsed and expanded by lib-recur), with {@code daily}, {@code weekly} and
 * {@code monthly} as shorthands. Occurrences are expanded in the task's time zone from the series start, so
 * "every Monday 09:00 Europe/Paris" stays at 09:00 across daylight-saving changes, and COUNT/UNTIL hold.
 */
public final class Recurrence {

    private static final Map<String, String> SHORTHANDS = Map.of(
            "daily", "FREQ=DAILY", "weekly", "FREQ=WEEKLY", "monthly", "FREQ=MONTHLY");
    /** Guards expansion of rules like FREQ=SECONDLY; no task series needs more instances than this. */
    private static final int MAX_EXPANSION = 100_000;
    private static final int MAX_LENGTH = 500;

    private final RecurrenceRule rule;
    private final String text;

    private Recurrence(RecurrenceRule rule) {
        this.rule = rule;
        this.text = rule.toString();
    }

    /** @throws InvalidRequestException (field {@code recurrence}) when the rule is not a valid RRULE */
    public static Recurrence parse(String value) {
        String trimmed = value.strip();
        String shorthand = SHORTHANDS.get(trimmed.toLowerCase(Locale.ROOT));
        String rrule = shorthand != null ? shorthand : trimmed.replaceFirst("(?i)^RRULE:", "");
        if (rrule.isEmpty() || rrule.length() > MAX_LENGTH) {
            throw InvalidRequestException.field("recurrence", "must be daily, weekly, monthly or an RFC 5545 RRULE");
        }
        try {
            RecurrenceRule rule = new RecurrenceRule(rrule, RecurrenceRule.RfcMode.RFC5545_STRICT);
            switch (rule.getFreq()) {
                case SECONDLY, MINUTELY -> throw InvalidRequestException.field("recurrence",
                        "must not repeat more often than hourly");
                default -> {
                }
            }
            return new Recurrence(rule);
        } catch (InvalidRecurrenceRuleException | IllegalArgumentException e) {
            throw InvalidRequestException.field("recurrence",
                    "is not a valid RFC 5545 RRULE (" + e.getMessage() + "); use daily, weekly, monthly or e.g. FREQ=WEEKLY;BYDAY=MO,WE");
        }
    }

    /** The normalised RRULE text, as stored. */
    public String text() {
        return text;
    }

    /**
     * The first occurrence strictly after {@code after}; empty when the series has ended (COUNT, UNTIL) or the
     * rule cannot be expanded (lib-recur gives up on rules that match nothing, e.g. February 30th).
     */
    public Optional<Instant> next(Instant seriesStart, String timeZone, Instant after) {
        try {
            RecurrenceRuleIterator instances = rule.iterator(seriesStart.toEpochMilli(), TimeZone.getTimeZone(java.time.ZoneId.of(timeZone)));
            for (int i = 0; i < MAX_EXPANSION && instances.hasNext(); i++) {
                long next = instances.nextMillis();
                if (next > after.toEpochMilli()) {
                    return Optional.of(Instant.ofEpochMilli(next));
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** @throws InvalidRequestException when the rule produces no occurrence at all from this start */
    public void requireOccurrences(Instant seriesStart, String timeZone) {
        try {
            RecurrenceRuleIterator instances = rule.iterator(seriesStart.toEpochMilli(), TimeZone.getTimeZone(java.time.ZoneId.of(timeZone)));
            if (instances.hasNext()) {
                instances.nextMillis();
                return;
            }
        } catch (IllegalArgumentException e) {
            // falls through: no occurrence
        }
        throw InvalidRequestException.field("recurrence", "never produces an occurrence from the due time");
    }
}

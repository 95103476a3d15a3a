package io.pulsecrm.tasks.recurrence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import io.pulsecrm.platform.web.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RecurrenceTest {

    private static final Instant START = Instant.parse("2030-01-07T08:00:00Z"); // a Monday, 09:00 in Paris

    @Test
    void shorthandsAndRulesExpandFromTheSeriesStartInTheTasksZone() {
        assertThat(Recurrence.parse("weekly").next(START, "Europe/Paris", START)).contains(START.plus(Duration.ofDays(7)));
        assertThat(Recurrence.parse("monthly").next(START, "Europe/Paris", START)).contains(Instant.parse("2030-02-07T08:00:00Z"));
        Recurrence mondaysAndWednesdays = Recurrence.parse("RRULE:FREQ=WEEKLY;BYDAY=MO,WE");
        assertThat(mondaysAndWednesdays.next(START, "Europe/Paris", START)).contains(Instant.parse("2030-01-09T08:00:00Z"));
        // after the switch to summer time 09:00 Paris is 07:00 UTC
        assertThat(Recurrence.parse("daily").next(START, "Europe/Paris", Instant.parse("2030-04-01T00:00:00Z")))
                .contains(Instant.parse("2030-04-01T07:00:00Z"));
    }

    @Test
    void countAndUntilEndTheSeries() {
        Recurrence twice = Recurrence.parse("FREQ=DAILY;COUNT=2");
        Instant second = twice.next(START, "UTC", START).orElseThrow();
        assertThat(twice.next(START, "UTC", second)).isEmpty();
        assertThat(Recurrence.parse("FREQ=DAILY;UNTIL=20300108T000000Z").next(START, "UTC", START)).isEmpty();
    }

    @Test
    @Timeout(5)
    void aRuleThatNeverMatchesEndsInsteadOfSpinning() {
        assertThat(Recurrence.parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").next(START, "UTC", START)).isEmpty();
    }

    @Test
    void invalidRulesAreFieldProblems() {
        for (String rule : new String[] {"FREQ=SOMETIMES", "BYDAY=MO", "FREQ=WEEKLY;BYDAY=XY", "FREQ=DAILY;COUNT=x", "", "every day",
                "FREQ=MINUTELY", "FREQ=SECONDLY"}) {
            assertThatThrownBy(() -> Recurrence.parse(rule)).as(rule).isInstanceOfSatisfying(InvalidRequestException.class,
                    e -> assertThat(e.fieldErrors()).extracting(InvalidRequestException.FieldProblem::field).containsExactly("recurrence"));
        }
    }
}

package io.pulsecrm.contacts.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.junit.jupiter.api.Test;

/** Activity cells as other CRMs and spreadsheets write them. */
class ActivityCellsTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    @Test
    void datesInIsoRussianAndUsNotationAreReadInTheRunsTimeZoneUnlessTheySayTheirOffset() {
        assertThat(instant("2024-03-05T14:30:00+01:00", MOSCOW)).isEqualTo("2024-03-05T13:30:00Z");
        assertThat(instant("2024-03-05T14:30:00Z", MOSCOW)).isEqualTo("2024-03-05T14:30:00Z");
        assertThat(instant("2024-03-05 14:30", MOSCOW)).isEqualTo("2024-03-05T11:30:00Z");
        assertThat(instant("2024-03-05T14:30:15", ZoneOffset.UTC)).isEqualTo("2024-03-05T14:30:15Z"); // an .xlsx date cell
        assertThat(instant("2024-03-05", MOSCOW)).isEqualTo("2024-03-04T21:00:00Z");
        assertThat(instant("5.3.2024 9:05", ZoneOffset.UTC)).isEqualTo("2024-03-05T09:05:00Z");
        assertThat(instant("05.03.2024 14:30:59", ZoneOffset.UTC)).isEqualTo("2024-03-05T14:30:59Z");
        assertThat(instant("3/5/2024 12:10 AM", ZoneOffset.UTC)).isEqualTo("2024-03-05T00:10:00Z");
        assertThat(instant("3/5/2024, 12:10 pm", ZoneOffset.UTC)).isEqualTo("2024-03-05T12:10:00Z");
        assertThat(instant("25/12/2024 18:00", ZoneOffset.UTC)).isEqualTo("2024-12-25T18:00:00Z");
    }

    @Test
    void whatIsNoDateSaysWhichNotationsAreRead() {
        for (String bad : List.of("yesterday", "31.02.2024", "2024-13-01", "3/5/2024 13:00 PM", "12/25/2024 25:00", "05.03.24")) {
            List<FieldProblem> problems = new ArrayList<>();
            assertThat(ActivityCells.instant(bad, ZoneOffset.UTC, "occurredAt", problems)).as(bad).isNull();
            assertThat(problems).as(bad).singleElement().satisfies(problem -> {
                assertThat(problem.field()).isEqualTo("occurredAt");
                assertThat(problem.message()).isEqualTo("'" + bad + "' is not a date and time (" + ActivityCells.DATE_FORMATS + ")");
            });
        }
    }

    @Test
    void kindsAndDirectionsInEnglishAndRussianWithTheDirectionAKindsNameImplies() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(ActivityCells.kind("Входящий звонок", problems)).isEqualTo(new ActivityCells.Kind("call", "inbound"));
        assertThat(ActivityCells.kind("Исходящее письмо", problems)).isEqualTo(new ActivityCells.Kind("email", "outbound"));
        assertThat(ActivityCells.kind("MEETING", problems)).isEqualTo(new ActivityCells.Kind("meeting", null));
        assertThat(ActivityCells.kind("Примечание", problems)).isEqualTo(new ActivityCells.Kind("note", null));
        assertThat(ActivityCells.kind(null, problems)).isEqualTo(new ActivityCells.Kind("note", null));
        assertThat(ActivityCells.direction("Исх.", problems)).isEqualTo("outbound");
        assertThat(ActivityCells.direction("incoming", problems)).isEqualTo("inbound");
        assertThat(problems).isEmpty();
        assertThat(ActivityCells.kind("fax", problems)).isNull();
        assertThat(ActivityCells.direction("sideways", problems)).isNull();
        assertThat(problems).extracting(FieldProblem::field).containsExactly("type", "direction");
    }

    @Test
    void durationsAreMinutesOrAClock() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(ActivityCells.durationSeconds("15", problems)).isEqualTo(900);
        assertThat(ActivityCells.durationSeconds("1,5", problems)).isEqualTo(90);
        assertThat(ActivityCells.durationSeconds("12 мин.", problems)).isEqualTo(720);
        assertThat(ActivityCells.durationSeconds("0:30", problems)).isEqualTo(1800); // Pipedrive: h:mm
        assertThat(ActivityCells.durationSeconds("1:02:03", problems)).isEqualTo(3723);
        assertThat(problems).isEmpty();
        assertThat(ActivityCells.durationSeconds("long", problems)).isNull();
        assertThat(ActivityCells.durationSeconds("100000", problems)).isNull();
        assertThat(problems).extracting(FieldProblem::field).containsExactly("duration", "duration");
    }

    private static String instant(String cell, ZoneId zone) {
        List<FieldProblem> problems = new ArrayList<>();
        Instant instant = ActivityCells.instant(cell, zone, "occurredAt", problems);
        assertThat(problems).as(cell).isEmpty();
        return instant.toString();
    }
}

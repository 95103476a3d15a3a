package io.pulsecrm.contacts.imports;

import static io.pulsecrm.contacts.imports.ImportApi.assertProblem;
import static io.pulsecrm.contacts.imports.ImportApi.awaitStatus;
import static io.pulsecrm.contacts.imports.ImportApi.errors;
import static io.pulsecrm.contacts.imports.ImportApi.map;
import static io.pulsecrm.contacts.imports.ImportApi.run;
import static io.pulsecrm.contacts.imports.ImportApi.upload;
import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.timeline.TimelineEntry;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Calls, meetings, notes and emails brought over from another CRM through {@code /api/imports?recordType=activities}:
 * onto the timelines of the contacts the rows name (by email or phone, among those the importer sees), with their
 * original dates (in the run's time zone) and authors, once however often the file is imported; every stored value,
 * the events and the refusals checked.
 */
class ActivityImportTest extends ServiceApiTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(TimelineEntry.TOPIC);

    @Test
    void aRussianExcelFileOfCallsMeetingsAndNotesLandsOnTheTimelinesWithItsDatesAndAuthors() {
        String n = Long.toString(System.nanoTime());
        ApiClient maria = apiAs(TestIdentity.EAST_MANAGER);
        String digits = n.substring(n.length() - 7);
        String anna = contact(maria, "Анна", "anna-" + n + "@example.ru", "+7 903 " + digits);
        String boris = contact(maria, "Борис", "boris-" + n + "@example.ru", null);
        contact(apiAs(TestIdentity.WEST_REP), "Hidden", "hidden-" + n + "@example.ru", null); // west: maria cannot see it
        String annaPhone = "8 (903) " + digits.substring(0, 3) + "-" + digits.substring(3, 5) + "-" + digits.substring(5);
        String call = "05.03.2024 14:30;Исходящий звонок;Обсуждение КП;\"Договорились\r\nо встрече; в среду\";0:12:30;ANNA-" + n + "@example.ru;;ada@pulse.test\r\n";
        String csv = "Дата;Тип;Тема;Описание;Длительность;Email контакта;Телефон;Ответственный\r\n"
                + call                                                                                          // 2
                + "06.03.2024 10:00;Встреча;Демо;;;;" + annaPhone + ";maria\r\n"                                // 3: by phone
                + "2024-03-07;Заметка;;Клиент просил счёт;;boris-" + n + "@example.ru;;cleo@pulse.test\r\n"      // 4: cleo is west
                + "07.03.2024 12:00;Звонок;;;;hidden-" + n + "@example.ru;;\r\n"                                // 5: not visible
                + "31.02.2024 12:00;Звонок;;;;anna-" + n + "@example.ru;;\r\n"                                  // 6: no such day
                + "08.03.2024 12:00;Факс;;;;anna-" + n + "@example.ru;;\r\n"                                    // 7: no such kind
                + call;                                                                                          // 8: row 2 again
        Response uploaded = upload(maria, csv.getBytes(CP1251), "text/csv", "?fileName=dela.csv&recordType=activities");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().get("recordType").asString()).isEqualTo("activities");
        assertThat(uploaded.json().get("encoding").asString()).isEqualTo("windows-1251");
        assertThat(map(uploaded.json().get("suggestedMapping"))).containsExactly(Map.entry("Дата", "occurredAt"),
                Map.entry("Тип", "type"), Map.entry("Тема", "subject"), Map.entry("Описание", "body"),
                Map.entry("Длительность", "duration"), Map.entry("Email контакта", "contactEmail"),
                Map.entry("Телефон", "contactPhone"), Map.entry("Ответственный", "author"));
        String id = uploaded.json().get("id").asString();

        Response done = run(maria, id, "{\"timeZone\":\"Europe/Moscow\",\"defaultPhoneRegion\":\"RU\"}");
        assertThat(done.json().get("timeZone").asString()).isEqualTo("Europe/Moscow");
        assertThat(done.json().get("created").asLong()).as(done.toString()).isEqualTo(3);
        assertThat(done.json().get("failed").asLong()).isEqualTo(3);
        assertThat(done.json().get("duplicates").asLong()).isEqualTo(1);
        assertThat(errors(done)).containsExactlyInAnyOrder(
                "4:author:'cleo@pulse.test' is not someone you may log activities for; logged as the importer's instead",
                "5:contactEmail:no contact you can see has email 'hidden-" + n + "@example.ru'",
                "6:occurredAt:'31.02.2024 12:00' is not a date and time (" + ActivityCells.DATE_FORMATS + ")",
                "7:type:'Факс' is not an activity type: note, call, meeting or email (заметка, звонок, встреча, письмо)",
                "8:-:the same activity is already on the timeline of Анна Test (" + anna + "); skipped");
        assertThat(done.json().get("records").valueStream().map(r -> r.get("row").asLong() + ":" + r.get("id").asString()))
                .containsExactlyInAnyOrder("2:" + anna, "3:" + anna, "4:" + boris);

        List<JsonNode> annas = timeline(maria, anna);
        assertThat(annas).hasSize(2);
        JsonNode meeting = annas.get(0); // newest first
        assertThat(meeting.get("type").asString()).isEqualTo("meeting");
        assertThat(meeting.get("occurredAt").asString()).isEqualTo("2024-03-06T07:00:00Z");
        assertThat(meeting.get("subject").asString()).isEqualTo("Демо");
        assertThat(meeting.get("loggedBy").asString()).isEqualTo(TestIdentity.EAST_MANAGER);
        JsonNode logged = annas.get(1);
        assertThat(logged.get("type").asString()).isEqualTo("call");
        assertThat(logged.get("direction").asString()).isEqualTo("outbound");
        assertThat(logged.get("occurredAt").asString()).isEqualTo("2024-03-05T11:30:00Z");
        assertThat(logged.get("subject").asString()).isEqualTo("Обсуждение КП");
        assertThat(logged.get("body").asString()).isEqualTo("Договорились\r\nо встрече; в среду");
        assertThat(logged.get("durationSeconds").asInt()).isEqualTo(750);
        assertThat(logged.get("loggedBy").asString()).isEqualTo(TestIdentity.EAST_REP); // by email, in maria's team
        assertThat(logged.get("sourceType").asString()).isEqualTo("import");
        assertThat(logged.get("sourceId").asString()).isEqualTo(id);
        JsonNode note = timeline(maria, boris).getFirst();
        assertThat(note.get("type").asString()).isEqualTo("note");
        assertThat(note.get("occurredAt").asString()).isEqualTo("2024-03-06T21:00:00Z"); // the day began in Moscow
        assertThat(note.get("body").asString()).isEqualTo("Клиент просил счёт");
        assertThat(note.get("loggedBy").asString()).isEqualTo(TestIdentity.EAST_MANAGER);

        // the API's event for each, by the importer, valid against its schema, once
        for (JsonNode entry : List.of(meeting, logged, note)) {
            String entryId = entry.get("id").asString();
            EventEnvelope event = events.awaitEvent(ofType("pulse.activity.logged.v1", entryId));
            assertThat(event.actor()).isEqualTo(TestIdentity.EAST_MANAGER);
            assertThat(event.data().at("/activity/loggedBy").asString()).isEqualTo(entry.get("loggedBy").asString());
            assertThat(events.records()).filteredOn(r -> entryId.equals(r.key())).allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
            assertThat(events.distinctEvents()).filteredOn(e -> entryId.equals(e.subject())).hasSize(1);
        }

        // the same file again adds nothing: every activity it holds is on its timeline already
        String again = upload(maria, csv.getBytes(CP1251), "text/csv", "?recordType=activities").json().get("id").asString();
        Response rerun = run(maria, again, "{\"timeZone\":\"Europe/Moscow\",\"defaultPhoneRegion\":\"RU\"}");
        assertThat(rerun.json().get("created").asLong()).as(rerun.toString()).isZero();
        assertThat(rerun.json().get("duplicates").asLong()).isEqualTo(4);
        assertThat(timeline(maria, anna)).hasSize(2);
        assertThat(timeline(maria, boris)).hasSize(1);
    }

    @Test
    void aHubSpotExportIsMappedByItsHeadersAndADryRunSaysWhatARunWouldDoWithoutStoringAnything() {
        String n = Long.toString(System.nanoTime());
        String carol = contact(api, "Carol", "carol-" + n + "@example.com", null);
        String csv = "Activity date,Activity type,Subject,Body,Associated Contact Email,Created by\n"
                + "3/5/2024 2:30 PM,EMAIL,Proposal,\"Sent the proposal, as agreed\",carol-" + n + "@example.com,maria@pulse.test\n"
                + "13/5/2024 9:05,Meeting,Kick-off,,carol-" + n + "@example.com,\n"
                + "3/5/2024 2:30 PM,EMAIL,Proposal,\"Sent the proposal, as agreed\",carol-" + n + "@example.com,\n"
                + "5/3/2024,Note,,,carol-" + n + "@example.com,\n";
        Response uploaded = upload(api, csv.getBytes(StandardCharsets.UTF_8), "text/csv", "?recordType=activities");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(map(uploaded.json().get("suggestedMapping"))).containsExactly(Map.entry("Activity date", "occurredAt"),
                Map.entry("Activity type", "type"), Map.entry("Subject", "subject"), Map.entry("Body", "body"),
                Map.entry("Associated Contact Email", "contactEmail"), Map.entry("Created by", "author"));
        String id = uploaded.json().get("id").asString();

        assertThat(api.post("/api/imports/" + id + "/dry-run", "{}").status()).isEqualTo(202);
        Response validated = awaitStatus(api, id, "validated");
        assertThat(validated.json().get("created").asLong()).as(validated.toString()).isEqualTo(2);
        assertThat(validated.json().get("duplicates").asLong()).isEqualTo(1);
        assertThat(validated.json().get("failed").asLong()).isEqualTo(1);
        assertThat(errors(validated)).containsExactly("4:-:same activity as row 2 of this file; would be skipped",
                "5:body:is required for a note");
        assertThat(timeline(api, carol)).isEmpty();

        Response done = run(api, id, "{}");
        assertThat(done.json().get("created").asLong()).as(done.toString()).isEqualTo(2);
        List<JsonNode> entries = timeline(api, carol);
        assertThat(entries).extracting(e -> e.get("type").asString() + "@" + e.get("occurredAt").asString() + " by "
                        + e.get("loggedBy").asString())
                .containsExactly("meeting@2024-05-13T09:05:00Z by " + TestIdentity.ADMIN, // day first: 13 is no month
                        "email@2024-03-05T14:30:00Z by " + TestIdentity.EAST_MANAGER);    // no time zone given: UTC
        assertThat(entries.get(1).get("body").asString()).isEqualTo("Sent the proposal, as agreed");
    }

    @Test
    void aMappingWithoutADateOrAContactOrWithABadTimeZoneIsRefusedSayingWhat() {
        String id = upload(api, "When,Email,Name\n2024-01-01,a@b.co,A\n".getBytes(StandardCharsets.UTF_8), "text/csv",
                "?recordType=activities").json().get("id").asString();
        assertProblem(api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"Email\":\"contactEmail\"}}"),
                "mapping", "a column must be mapped to occurredAt");
        assertProblem(api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"When\":\"occurredAt\"}}"),
                "mapping", "a column must be mapped to one of [contactId, contactEmail, contactPhone]");
        assertProblem(api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"When\":\"occurredAt\",\"Email\":\"contactEmail\",\"Name\":\"firstName\"}}"),
                "mapping", "'firstName' is not an importable field [occurredAt, type, subject");
        assertProblem(api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"When\":\"occurredAt\",\"Email\":\"contactEmail\"},\"timeZone\":\"Mars/Olympus\"}"),
                "timeZone", "must be an IANA time zone");
        assertThat(api.get("/api/imports/" + id).json().get("status").asString()).isEqualTo("uploaded");
    }

    private static String contact(ApiClient client, String firstName, String email, String phone) {
        Response created = client.post("/api/contacts", "{\"firstName\":\"" + firstName + "\",\"lastName\":\"Test\",\"email\":\""
                + email + "\"" + (phone == null ? "" : ",\"phone\":\"" + phone + "\"") + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static List<JsonNode> timeline(ApiClient client, String contactId) {
        Response timeline = client.get("/api/contacts/" + contactId + "/timeline");
        assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
        return timeline.json().get("items").valueStream().filter(e -> "import".equals(e.get("sourceType").asString())).toList();
    }
}

package io.pulsecrm.tasks.tasks;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static io.pulsecrm.tasks.ProblemAssertions.assertProblem;
import static io.pulsecrm.tasks.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskApiTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Task.TOPIC);

    @Test
    void aTaskLivesThroughEveryChangeWithAValidEventForEach() {
        Response created = api.post("/api/tasks", """
                {"type":"call","title":" Call Ada ","description":"About the renewal","dueAt":"2030-03-10T10:00",
                 "timeZone":"Europe/Paris","priority":"high","assigneeId":"ada","creatorId":"alex",
                 "contactId":"contact-1","dealId":"deal-1","reminders":["PT15M","P1D"]}
                """);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/tasks/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.json().get("title").asString()).isEqualTo("Call Ada");
        assertThat(created.json().get("status").asString()).isEqualTo("open");
        // 10:00 in Paris in March (CET, UTC+1) is 09:00 UTC
        assertThat(created.json().get("dueAt").asString()).isEqualTo("2030-03-10T09:00:00Z");
        assertThat(created.json().get("dueLocal").asString()).isEqualTo("2030-03-10T10:00");
        assertThat(created.json().get("nextReminderAt").asString()).isEqualTo("2030-03-09T09:00:00Z");
        assertThat(events.awaitEvent(ofType("pulse.task.created.v1", id)).data().at("/task/contactId").asString())
                .isEqualTo("contact-1");

        Response updated = api.patch("/api/tasks/" + id, """
                {"title":"Call Ada Lovelace","description":null}""", Map.of("If-Match", "\"0\""));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"1\"");
        assertThat(updated.json().get("description").isNull()).isTrue();
        assertThat(updated.json().get("dueLocal").asString()).isEqualTo("2030-03-10T10:00");
        EventEnvelope updatedEvent = events.awaitEvent(ofType("pulse.task.updated.v1", id));
        assertThat(updatedEvent.data().at("/changes/title/from").asString()).isEqualTo("Call Ada");
        assertThat(updatedEvent.data().at("/changes").has("dueAt")).isFalse();

        Response assigned = api.post("/api/tasks/" + id + "/assign", "{\"assigneeId\":\"bob\"}", Map.of("If-Match", "\"1\""));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        EventEnvelope assignedEvent = events.awaitEvent(ofType("pulse.task.assigned.v1", id));
        assertThat(assignedEvent.data().get("previousAssigneeId").asString()).isEqualTo("ada");
        assertThat(assignedEvent.data().get("assigneeId").asString()).isEqualTo("bob");
        assertThat(assignedEvent.actor()).isEqualTo("alex");

        Response completed = api.post("/api/tasks/" + id + "/complete", "{\"outcome\":\"Interested, send a quote\"}",
                Map.of("If-Match", "\"2\""));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        assertThat(completed.json().get("status").asString()).isEqualTo("done");
        assertThat(completed.json().get("nextReminderAt").isNull()).isTrue();
        EventEnvelope completedEvent = events.awaitEvent(ofType("pulse.task.completed.v1", id));
        assertThat(completedEvent.data().get("contactId").asString()).isEqualTo("contact-1");
        assertThat(completedEvent.data().get("outcome").asString()).isEqualTo("Interested, send a quote");

        Response reopened = api.post("/api/tasks/" + id + "/reopen", null, Map.of("If-Match", "\"3\""));
        assertThat(reopened.status()).as(reopened.toString()).isEqualTo(200);
        assertThat(reopened.json().get("outcome").isNull()).isTrue();
        assertThat(events.awaitEvent(ofType("pulse.task.reopened.v1", id)).data().get("previousStatus").asString())
                .isEqualTo("done");

        Response cancelled = api.post("/api/tasks/" + id + "/cancel", "{\"reason\":\"customer churned\"}",
                Map.of("If-Match", "\"4\""));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("cancelReason").asString()).isEqualTo("customer churned");
        events.awaitEvent(ofType("pulse.task.cancelled.v1", id));

        List<ConsumerRecord<String, String>> records = events.records().stream()
                .filter(record -> id.equals(record.key())).toList();
        assertThat(records).hasSize(6).allSatisfy(record -> EventSchemaValidator.assertValid(record.value()));
        assertThat(records).extracting(record -> EventJson.read(record.value()).aggregateVersion())
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aDueTimeInAnInvalidZoneIsRefused() {
        Response response = api.post("/api/tasks", """
                {"type":"call","title":"Call","dueAt":"2030-03-10T10:00","timeZone":"Mars/Olympus_Mons"}""");
        assertProblem(response, 400, "invalid fields");
        assertThat(fields(response)).containsExactly("timeZone");
        assertThat(response.json().get("errors").get(0).get("message").asString()).contains("Mars/Olympus_Mons");

        String id = create("{\"type\":\"todo\",\"title\":\"Zone patch\",\"dueAt\":\"2030-03-10T10:00:00Z\"}");
        assertProblem(api.patch("/api/tasks/" + id, "{\"timeZone\":\"Nowhere/Else\"}", Map.of("If-Match", "\"0\"")),
                400, "invalid fields");
    }

    @Test
    void completingWithoutTheFieldsTheTypeOrTaskRequiresIsRefused() {
        // calls require the outcome (pulse.tasks.required-fields.call); this one also requires a "nextStep" field
        String id = create("{\"type\":\"call\",\"title\":\"Discovery call\",\"requiredFields\":[\"nextStep\"]}");

        Response refused = api.post("/api/tasks/" + id + "/complete", "{}", Map.of("If-Match", "\"0\""));
        assertProblem(refused, 400, "required fields");
        assertThat(fields(refused)).containsExactlyInAnyOrder("outcome", "fields.nextStep");
        assertProblem(api.post("/api/tasks/" + id + "/complete", "{\"outcome\":\"  \",\"fields\":{\"nextStep\":\"demo\"}}",
                Map.of("If-Match", "\"0\"")), 400, "required fields");
        assertThat(api.get("/api/tasks/" + id).json().get("status").asString()).isEqualTo("open");

        Response done = api.post("/api/tasks/" + id + "/complete",
                "{\"outcome\":\"Budget confirmed\",\"fields\":{\"nextStep\":\"demo\"}}", Map.of("If-Match", "\"0\""));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().at("/completionFields/nextStep").asString()).isEqualTo("demo");

        String todo = create("{\"type\":\"todo\",\"title\":\"Nothing required\"}");
        assertThat(api.post("/api/tasks/" + todo + "/complete", null, Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
    }

    @Test
    void theTypesSayWhatCreatingAndCompletingEachAsksFor() {
        Response types = api.get("/api/tasks/types");
        assertThat(types.status()).as(types.toString()).isEqualTo(200);
        var byType = new java.util.LinkedHashMap<String, tools.jackson.databind.JsonNode>();
        types.json().get("types").forEach(type -> byType.put(type.get("type").asString(), type));

        assertThat(byType.keySet()).containsExactly("call", "meeting", "email", "todo", "deadline");
        assertThat(byType.get("call").get("requiredFields").valueStream().map(node -> node.asString()))
                .as("pulse.tasks.required-fields.call").containsExactly("outcome");
        assertThat(byType.get("todo").get("requiredFields").isEmpty()).isTrue();
        assertThat(byType.get("meeting").get("needsDueTime").asBoolean()).isTrue();
        assertThat(byType.get("meeting").get("hasDuration").asBoolean()).isTrue();
        assertThat(byType.get("deadline").get("needsDueTime").asBoolean()).isTrue();
        assertThat(byType.get("deadline").get("hasDuration").asBoolean()).isFalse();
        assertThat(byType.get("call").get("needsDueTime").asBoolean()).isFalse();
        // what the description says is what creating enforces
        assertThat(fields(api.post("/api/tasks", "{\"type\":\"deadline\",\"title\":\"No time\"}"))).containsExactly("dueAt");
        assertThat(fields(api.post("/api/tasks", "{\"type\":\"call\",\"title\":\"Long\",\"durationMinutes\":30}")))
                .containsExactly("durationMinutes");
    }

    @Test
    void staleVersionsAndChangesTheStatusDoesNotAllowAreConflicts() {
        String id = create("{\"type\":\"todo\",\"title\":\"Versioned\"}");
        assertThat(api.patch("/api/tasks/" + id, "{\"title\":\"V1\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);

        Response stale = api.patch("/api/tasks/" + id, "{\"title\":\"V2\"}", Map.of("If-Match", "\"0\""));
        assertProblem(stale, 409, "");
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);
        assertProblem(api.post("/api/tasks/" + id + "/complete", null, Map.of("If-Match", "\"0\"")), 409, "");
        assertProblem(api.patch("/api/tasks/" + id, "{\"title\":\"V2\"}", Map.of()), 428, "");
        assertProblem(api.post("/api/tasks/" + id + "/cancel", null, Map.of()), 428, "");

        assertThat(api.post("/api/tasks/" + id + "/cancel", null, Map.of("If-Match", "\"1\"")).status()).isEqualTo(200);
        assertProblem(api.post("/api/tasks/" + id + "/complete", null, Map.of("If-Match", "\"2\"")), 409, "cancelled");
        assertProblem(api.post("/api/tasks/" + id + "/cancel", null, Map.of("If-Match", "\"2\"")), 409, "cancelled");
    }

    @Test
    void anInvalidRecurrenceRuleIsRefused() {
        Response response = api.post("/api/tasks", """
                {"type":"call","title":"Weekly","dueAt":"2030-03-10T10:00Z","recurrence":"FREQ=FORTNIGHTLY;BYDAY=XX"}""");
        assertProblem(response, 400, "invalid fields");
        assertThat(fields(response)).containsExactly("recurrence");
        assertProblem(api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"No due\",\"recurrence\":\"daily\"}"),
                400, "invalid fields");
        assertProblem(api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"Too often\",\"dueAt\":\"2030-03-10T10:00Z\",\"recurrence\":\"FREQ=MINUTELY\"}"),
                400, "invalid fields");
        assertProblem(api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"Feb 30\",\"dueAt\":\"2030-03-10T10:00Z\",\"recurrence\":\"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\"}"),
                400, "invalid fields");
        Response ok = api.post("/api/tasks", """
                {"type":"meeting","title":"Standup","dueAt":"2030-03-11T09:30","timeZone":"Europe/Berlin",
                 "durationMinutes":15,"recurrence":"RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10"}""");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(ok.json().get("recurrence").asString()).contains("FREQ=WEEKLY").contains("BYDAY=MO,WE");
    }

    @Test
    void badInputIsAnsweredWithAProblemThatSaysWhatIsWrong() {
        assertProblem(api.post("/api/tasks", "{\"type\": \"call\""), 400, "not valid JSON");
        assertProblem(api.post("/api/tasks", "{\"type\":\"call\",\"title\":42}"), 400, "'title' must be a string");
        assertProblem(api.post("/api/tasks", "{\"type\":\"call\",\"title\":\"x\",\"$where\":\"1\"}"), 400, "Unknown field '$where'");

        Response invalid = api.post("/api/tasks", """
                {"type":"party","dueAt":"tomorrow","priority":"meh","assigneeId":"a.b","reminders":["-PT5M"],
                 "durationMinutes":30,"followUp":{"type":"call"}}""");
        assertProblem(invalid, 400, "invalid fields");
        assertThat(fields(invalid)).contains("type", "title", "dueAt", "priority", "reminders", "followUp.title");

        assertProblem(api.post("/api/tasks", "{\"type\":\"call\",\"title\":\"x\",\"durationMinutes\":30}"), 400, "invalid fields");
        assertProblem(api.post("/api/tasks", "{\"type\":\"deadline\",\"title\":\"x\"}"), 400, "invalid fields");
        assertProblem(api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"x\",\"dueAt\":\"+999999-01-01T00:00:00Z\"}"), 400, "invalid fields");
        assertProblem(api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"x\",\"reminders\":\"PT5M\"}"), 400, "");
        assertProblem(api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"x\",\"followUp\":{\"type\":\"call\",\"title\":\"y\",\"dueIn\":\"soon\"}}"), 400, "invalid fields");
        assertProblem(api.post("/api/tasks", "{\"type\":\"call\",\"title\":\"x\",\"assigneeId\":\"$ne\"}"), 400, "invalid fields");
        assertProblem(api.get("/api/tasks?limit=0"), 400, "");
        assertProblem(api.get("/api/tasks?status=maybe"), 400, "");
        assertProblem(api.get("/api/tasks?dueFrom=yesterday"), 400, "");
        assertProblem(api.get("/api/tasks?cursor=%25%25%25"), 400, "");

        String id = create("{\"type\":\"todo\",\"title\":\"Patch me\"}");
        assertProblem(api.patch("/api/tasks/" + id, "{\"a.b\":\"x\"}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertProblem(api.patch("/api/tasks/" + id, "{\"assigneeId\":\"bob\"}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertProblem(api.patch("/api/tasks/" + id, "{\"durationMinutes\":\"long\"}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertProblem(api.patch("/api/tasks/" + id, "{\"title\":null}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertProblem(api.post("/api/tasks/" + id + "/assign", "{}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertProblem(api.post("/api/tasks/" + id + "/complete", "{\"fields\":{\"$set\":\"x\"}}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertThat(api.get("/api/tasks/" + id).json().get("version").asLong()).isZero();
        assertProblem(api.get("/api/tasks/0190f4c2-0000-7000-8000-000000000000"), 404, "");
    }

    @Test
    void listsFilterAndPageWithACursor() {
        String contact = "contact-" + port + "-" + System.nanoTime();
        String a = create("{\"type\":\"call\",\"title\":\"A\",\"contactId\":\"" + contact + "\",\"dueAt\":\"2031-01-01T10:00:00Z\"}");
        String b = create("{\"type\":\"email\",\"title\":\"B\",\"contactId\":\"" + contact + "\",\"dueAt\":\"2031-01-05T10:00:00Z\"}");
        String c = create("{\"type\":\"todo\",\"title\":\"C\",\"contactId\":\"" + contact + "\"}");
        String d = create("{\"type\":\"call\",\"title\":\"D\",\"contactId\":\"" + contact + "\",\"dueAt\":\"2031-01-03T10:00:00Z\"}");
        api.post("/api/tasks/" + c + "/complete", null, Map.of("If-Match", "\"0\""));

        assertThat(ids("/api/tasks?contactId=" + contact)).containsExactly(a, b, c, d);
        assertThat(ids("/api/tasks?contactId=" + contact + "&type=call")).containsExactly(a, d);
        assertThat(ids("/api/tasks?contactId=" + contact + "&status=done")).containsExactly(c);
        assertThat(ids("/api/tasks?contactId=" + contact + "&type=call,email&status=open")).containsExactly(a, b, d);
        assertThat(ids("/api/tasks?contactId=" + contact + "&dueFrom=2031-01-02T00:00:00Z&dueTo=2031-01-04T00:00:00Z"))
                .containsExactly(d);

        Response first = api.get("/api/tasks?contactId=" + contact + "&limit=3");
        assertThat(first.json().get("items").size()).isEqualTo(3);
        String cursor = first.json().get("nextCursor").asString();
        Response second = api.get("/api/tasks?contactId=" + contact + "&limit=3&cursor=" + cursor);
        assertThat(second.json().get("items").get(0).get("id").asString()).isEqualTo(d);
        assertThat(second.json().get("nextCursor").isNull()).isTrue();
    }

    private List<String> ids(String path) {
        Response page = api.get(path);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().get("items").valueStream().map(item -> item.get("id").asString()).toList();
    }

    private String create(String body) {
        Response response = api.post("/api/tasks", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}

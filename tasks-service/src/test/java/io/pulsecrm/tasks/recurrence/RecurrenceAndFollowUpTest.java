package io.pulsecrm.tasks.recurrence;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.tasks.tasks.Task;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecurrenceAndFollowUpTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Task.TOPIC);

    @BeforeAll
    static void registerAssignees() {
        TestIdentity.shared().addUser("rep-rec", Role.REP, "east");
        TestIdentity.shared().addUser("rep-fu", Role.REP, "east");
    }

    @Test
    void completingAnOccurrenceCreatesTheNextInTheTasksZoneUntilTheRuleEnds() {
        // Paris moves to summer time on 2030-03-31: the next occurrence stays at 09:00 local, one hour earlier in UTC
        Response created = api.post("/api/tasks", """
                {"type":"call","title":"Daily check-in","dueAt":"2030-03-30T09:00","timeZone":"Europe/Paris",
                 "assigneeId":"rep-rec","contactId":"contact-rec","reminders":["PT15M"],"recurrence":"FREQ=DAILY;COUNT=2"}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String first = created.json().get("id").asString();
        assertThat(created.json().get("seriesId").asString()).isEqualTo(first);

        Response completed = api.post("/api/tasks/" + first + "/complete", "{\"outcome\":\"All fine\"}", Map.of("If-Match", "\"0\""));
        assertThat(completed.status()).as(completed.toString()).isEqualTo(200);
        EventEnvelope completedEvent = events.awaitEvent(ofType("pulse.task.completed.v1", first));
        String second = completedEvent.data().get("nextOccurrenceTaskId").asString();
        assertThat(completedEvent.data().get("nextOccurrenceDueAt").asString()).isEqualTo("2030-03-31T07:00:00Z");

        Response next = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/tasks/" + second), r -> r.status() == 200);
        assertThat(next.json().get("dueLocal").asString()).isEqualTo("2030-03-31T09:00");
        assertThat(next.json().get("timeZone").asString()).isEqualTo("Europe/Paris");
        assertThat(next.json().get("seriesId").asString()).isEqualTo(first);
        assertThat(next.json().get("occurrence").asInt()).isEqualTo(2);
        assertThat(next.json().get("status").asString()).isEqualTo("open");
        assertThat(next.json().get("contactId").asString()).isEqualTo("contact-rec");
        assertThat(next.json().get("reminders").get(0).asString()).isEqualTo("PT15M");

        // COUNT=2: the second occurrence is the last
        api.post("/api/tasks/" + second + "/complete", "{\"outcome\":\"Done\"}", Map.of("If-Match", "\"0\""));
        EventEnvelope last = events.awaitEvent(ofType("pulse.task.completed.v1", second));
        assertThat(last.data().get("nextOccurrenceTaskId").isNull()).isTrue();
    }

    @Test
    void completingATaskCreatesItsFollowUpOnceEvenWhenTheCompletionIsRedelivered() {
        String contact = "contact-fu-" + System.nanoTime();
        Response created = api.post("/api/tasks", """
                {"type":"call","title":"Pitch","assigneeId":"rep-fu","contactId":"%s","dealId":"deal-fu",
                 "followUp":{"type":"email","title":"Send the quote","dueIn":"P2D"}}""".formatted(contact));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();

        Instant before = Instant.now();
        assertThat(api.post("/api/tasks/" + id + "/complete", "{\"outcome\":\"Wants a quote\"}", Map.of("If-Match", "\"0\"")).status())
                .isEqualTo(200);
        EventEnvelope completed = events.awaitEvent(ofType("pulse.task.completed.v1", id));
        String followUpId = completed.data().get("followUpTaskId").asString();

        Response followUp = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/tasks/" + followUpId), r -> r.status() == 200);
        assertThat(followUp.json().get("type").asString()).isEqualTo("email");
        assertThat(followUp.json().get("title").asString()).isEqualTo("Send the quote");
        assertThat(followUp.json().get("assigneeId").asString()).isEqualTo("rep-fu");
        assertThat(followUp.json().get("contactId").asString()).isEqualTo(contact);
        assertThat(followUp.json().get("dealId").asString()).isEqualTo("deal-fu");
        assertThat(Instant.parse(followUp.json().get("dueAt").asString())).isAfter(before.plus(Duration.ofDays(2)).minusSeconds(1));
        events.awaitEvent(ofType("pulse.task.created.v1", followUpId));

        // a redelivered completion (same event) creates nothing more
        TestEvents.publish(Task.TOPIC, id, EventJson.write(completed));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/prometheus").body()
                .contains("pulse_consumer_duplicates_total{consumer=\"tasks-next-tasks\""));
        assertThat(api.get("/api/tasks?contactId=" + contact).json().get("items").size()).isEqualTo(2);
        assertThat(events.events()).filteredOn(e -> e.subject().equals(followUpId)).hasSize(1);
        assertThat(events.records()).filteredOn(r -> r.key().equals(followUpId))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }
}

package io.pulsecrm.tasks.reactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.tasks.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

class RelatedRecordReactionsTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Task.TOPIC);

    @Test
    void aDeletedContactsOpenTasksAreCancelledOnceEvenWhenTheEventIsRedelivered() {
        String contact = "contact-del-" + System.nanoTime();
        String open1 = create("contactId", contact);
        String open2 = create("contactId", contact);
        String done = create("contactId", contact);
        assertThat(api.post("/api/tasks/" + done + "/complete", null, Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        String other = create("contactId", "another-contact");

        EventEnvelope deleted = TestEvents.event("pulse.contact.deleted.v1", "/pulse/contacts-service", contact,
                Map.of("contactId", contact, "deletedAt", Instant.now().toString(), "someFutureField", 1));
        TestEvents.publish("pulse.contacts.contact.v1", deleted);
        TestEvents.publish("pulse.contacts.contact.v1", deleted); // at-least-once delivery

        for (String id : new String[] {open1, open2}) {
            Response task = await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/tasks/" + id), r -> r.json().get("status").asString().equals("cancelled"));
            assertThat(task.json().get("cancelReason").asString()).isEqualTo("contact_deleted");
            EventEnvelope cancelled = events.awaitEvent(EventCollector.ofType("pulse.task.cancelled.v1", id));
            assertThat(cancelled.causationId()).isEqualTo(deleted.id());
            assertThat(cancelled.correlationId()).isEqualTo(deleted.correlationId());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/prometheus").body()
                .contains("pulse_consumer_duplicates_total{consumer=\"tasks-contact-deleted\""));
        assertThat(events.events()).filteredOn(e -> e.type().equals("pulse.task.cancelled.v1")
                && (e.subject().equals(open1) || e.subject().equals(open2))).hasSize(2);
        assertThat(api.get("/api/tasks/" + done).json().get("status").asString()).isEqualTo("done");
        assertThat(api.get("/api/tasks/" + other).json().get("status").asString()).isEqualTo("open");
        assertThat(events.records()).filteredOn(r -> r.key().equals(open1))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void aWonOrLostDealsOpenTasksAreClosed() {
        String wonDeal = "deal-won-" + System.nanoTime();
        String lostDeal = "deal-lost-" + System.nanoTime();
        String onWon = create("dealId", wonDeal);
        String onLost = create("dealId", lostDeal);
        String untouched = create("dealId", "deal-still-open");

        // deals-service is still being built: only the type and the subject are relied on
        TestEvents.publish("pulse.deals.deal.v1", TestEvents.event("pulse.deal.won.v1", "/pulse/deals-service", wonDeal,
                Map.of("deal", Map.of("id", wonDeal, "amount", 1000))));
        TestEvents.publish("pulse.deals.deal.v1", TestEvents.event("pulse.deal.stage_changed.v1", "/pulse/deals-service",
                "deal-still-open", Map.of()));
        TestEvents.publish("pulse.deals.deal.v1", TestEvents.event("pulse.deal.lost.v1", "/pulse/deals-service", lostDeal,
                Map.of()));

        Response won = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/tasks/" + onWon), r -> r.json().get("status").asString().equals("cancelled"));
        assertThat(won.json().get("cancelReason").asString()).isEqualTo("deal_won");
        Response lost = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/tasks/" + onLost), r -> r.json().get("status").asString().equals("cancelled"));
        assertThat(lost.json().get("cancelReason").asString()).isEqualTo("deal_lost");
        assertThat(api.get("/api/tasks/" + untouched).json().get("status").asString()).isEqualTo("open");
    }

    @Test
    void aMergedContactsTasksPointAtTheSurvivorOnceEvenWhenTheEventIsRedelivered() {
        String survivor = "contact-survivor-" + System.nanoTime();
        String merged1 = "contact-merged1-" + System.nanoTime();
        String merged2 = "contact-merged2-" + System.nanoTime();
        String open = create("contactId", merged1);
        String done = create("contactId", merged2);
        assertThat(api.post("/api/tasks/" + done + "/complete", null, Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        String onSurvivor = create("contactId", survivor);
        String other = create("contactId", "another-contact");

        EventEnvelope merged = TestEvents.event("pulse.contact.merged.v1", "/pulse/contacts-service", survivor,
                Map.of("survivorId", survivor, "mergedIds", List.of(merged1, merged2),
                        "contact", Map.of("id", survivor, "firstName", "Ann")));
        TestEvents.publish("pulse.contacts.contact.v1", merged);
        TestEvents.publish("pulse.contacts.contact.v1", merged); // at-least-once delivery

        for (String id : new String[] {open, done}) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> api.get("/api/tasks/" + id), r -> r.json().get("contactId").asString().equals(survivor));
            EventEnvelope updated = events.awaitEvent(EventCollector.ofType("pulse.task.updated.v1", id));
            assertThat(updated.data().get("changes").get("contactId").get("to").asString()).isEqualTo(survivor);
            assertThat(updated.causationId()).isEqualTo(merged.id());
        }
        assertThat(api.get("/api/tasks/" + open).json().get("status").asString()).isEqualTo("open");
        assertThat(api.get("/api/tasks/" + done).json().get("status").asString()).isEqualTo("done");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/prometheus").body()
                .contains("pulse_consumer_duplicates_total{consumer=\"tasks-contact-merged\""));
        assertThat(events.events()).filteredOn(e -> e.type().equals("pulse.task.updated.v1")
                && (e.subject().equals(open) || e.subject().equals(done))).hasSize(2);
        assertThat(events.events()).noneMatch(e -> e.type().equals("pulse.task.updated.v1")
                && (e.subject().equals(onSurvivor) || e.subject().equals(other)));
        assertThat(api.get("/api/tasks/" + other).json().get("contactId").asString()).isEqualTo("another-contact");
        assertThat(events.records()).filteredOn(r -> r.key().equals(open) || r.key().equals(done))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void anErasedContactsTasksLoseTheirFreeTextButStayAsTheyWere() {
        String contact = "contact-erased-" + System.nanoTime();
        Response created = api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"Call Jane Doe about her divorce\","
                + "\"description\":\"Jane's mobile 555-0100\",\"contactId\":\"" + contact + "\","
                + "\"followUp\":{\"type\":\"call\",\"title\":\"Ask Jane about the move\",\"dueIn\":\"P1D\"}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String open = created.json().get("id").asString();
        String done = create("contactId", contact);
        assertThat(api.post("/api/tasks/" + done + "/complete",
                "{\"outcome\":\"Jane is moving to Berlin\",\"fields\":{\"notes\":\"Jane prefers evenings\"}}",
                Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        String other = create("contactId", "another-contact");

        EventEnvelope erased = TestEvents.event("pulse.contact.erased.v1", "/pulse/contacts-service", contact,
                Map.of("contactId", contact, "erasedAt", Instant.now().toString()));
        TestEvents.publish("pulse.contacts.contact.v1", erased);
        TestEvents.publish("pulse.contacts.contact.v1", erased); // at-least-once delivery

        for (String id : new String[] {open, done}) {
            Response task = await().atMost(Duration.ofSeconds(20))
                    .until(() -> api.get("/api/tasks/" + id), r -> r.json().get("title").asString().equals("Task (contact erased)"));
            assertThat(isNull(task.json().get("description"))).isTrue();
            assertThat(isNull(task.json().get("outcome"))).isTrue();
            assertThat(task.json().get("contactId").asString()).isEqualTo(contact);
            assertThat(task.body()).doesNotContain("Jane");
            EventEnvelope updated = events.awaitEvent(EventCollector.ofType("pulse.task.updated.v1", id));
            assertThat(updated.causationId()).isEqualTo(erased.id());
            assertThat(updated.data().toString()).doesNotContain("Jane");
        }
        assertThat(api.get("/api/tasks/" + open).json().get("status").asString()).isEqualTo("open");
        assertThat(api.get("/api/tasks/" + done).json().get("status").asString()).isEqualTo("done");
        for (String id : new String[] {open, done}) {
            // the history forgets what the erased text was: only the erasure's line is left, without values
            Response history = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/tasks/" + id + "/history"),
                    r -> r.json().get("items").size() == 1
                            && r.json().at("/items/0/type").asString().equals("pulse.task.updated.v1"));
            assertThat(history.body()).doesNotContain("Jane");
            assertThat(isNull(history.json().at("/items/0/changes"))).isTrue();
            assertThat(history.json().at("/items/0/actor").asString()).isEqualTo("system:tasks-contact-erased");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/prometheus").body()
                .contains("pulse_consumer_duplicates_total{consumer=\"tasks-contact-erased\""));
        assertThat(events.events()).filteredOn(e -> e.type().equals("pulse.task.updated.v1")
                && (e.subject().equals(open) || e.subject().equals(done))).hasSize(2);
        assertThat(api.get("/api/tasks/" + other).json().get("title").asString()).isEqualTo("Related");
        assertThat(events.records()).filteredOn(r -> r.key().equals(open) || r.key().equals(done))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void aDeletedDealsOpenTasksAreCancelledOnce() {
        String deal = "deal-deleted-" + System.nanoTime();
        String open = create("dealId", deal);
        String done = create("dealId", deal);
        assertThat(api.post("/api/tasks/" + done + "/complete", null, Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        String other = create("dealId", "deal-kept");

        EventEnvelope deleted = TestEvents.event("pulse.deal.deleted.v1", "/pulse/deals-service", deal,
                Map.of("dealId", deal, "deletedAt", Instant.now().toString()));
        TestEvents.publish("pulse.deals.deal.v1", deleted);
        TestEvents.publish("pulse.deals.deal.v1", deleted); // at-least-once delivery

        Response task = await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/tasks/" + open), r -> r.json().get("status").asString().equals("cancelled"));
        assertThat(task.json().get("cancelReason").asString()).isEqualTo("deal_deleted");
        EventEnvelope cancelled = events.awaitEvent(EventCollector.ofType("pulse.task.cancelled.v1", open));
        assertThat(cancelled.data().get("reason").asString()).isEqualTo("deal_deleted");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/prometheus").body()
                .contains("pulse_consumer_duplicates_total{consumer=\"tasks-deal-deleted\""));
        assertThat(events.events()).filteredOn(e -> e.type().equals("pulse.task.cancelled.v1")
                && e.subject().equals(open)).hasSize(1);
        assertThat(api.get("/api/tasks/" + done).json().get("status").asString()).isEqualTo("done");
        assertThat(api.get("/api/tasks/" + other).json().get("status").asString()).isEqualTo("open");
        assertThat(events.records()).filteredOn(r -> r.key().equals(open))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    private static boolean isNull(JsonNode node) {
        return node == null || node.isNull();
    }

    private String create(String relation, String recordId) {
        Response response = api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"Related\",\"" + relation + "\":\"" + recordId + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}

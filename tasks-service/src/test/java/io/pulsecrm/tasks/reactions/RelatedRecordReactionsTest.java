package io.pulsecrm.tasks.reactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.tasks.TestEvents;
import io.pulsecrm.tasks.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    private String create(String relation, String recordId) {
        Response response = api.post("/api/tasks", "{\"type\":\"todo\",\"title\":\"Related\",\"" + relation + "\":\"" + recordId + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}

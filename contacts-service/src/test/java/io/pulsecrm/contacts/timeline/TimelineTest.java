package io.pulsecrm.contacts.timeline;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TimelineTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(TimelineEntry.TOPIC);

    @Test
    void loggedActivitiesAppearNewestFirstInPagesAndArePublished() {
        String company = api.post("/api/companies", "{\"name\":\"Timeline Co\"}").json().get("id").asString();
        String contact = create("{\"firstName\":\"Tim\",\"companyId\":\"" + company + "\"}");
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

        Response call = api.post("/api/contacts/" + contact + "/timeline", """
                {"type":"call","occurredAt":"%s","direction":"Outbound","durationSeconds":300,"outcome":"connected",
                 "recordingUrl":"https://recordings.example.com/42","body":"Talked pricing"}""".formatted(base));
        assertThat(call.status()).as(call.toString()).isEqualTo(201);
        String callId = call.json().get("id").asString();
        assertThat(call.json().get("direction").asString()).isEqualTo("outbound");
        String note = log(contact, "{\"type\":\"note\",\"occurredAt\":\"" + base.plusSeconds(60) + "\",\"body\":\"Likes blue\"}");
        String meeting = log(contact, "{\"type\":\"meeting\",\"occurredAt\":\"" + base.plusSeconds(120) + "\",\"endsAt\":\""
                + base.plusSeconds(1920) + "\",\"location\":\"Zoom\",\"subject\":\"Demo\"}");
        String email = log(contact, "{\"type\":\"email\",\"occurredAt\":\"" + base.plusSeconds(60) + "\",\"direction\":\"inbound\",\"subject\":\"Re: quote\"}");

        // note and email share a time: the id breaks the tie, the cursor keeps the order across pages
        List<String> seen = all("/api/contacts/" + contact + "/timeline");
        assertThat(seen).hasSize(4).startsWith(meeting).endsWith(callId).contains(note, email);
        assertThat(all("/api/companies/" + company + "/timeline")).containsExactlyElementsOf(seen);

        EventEnvelope logged = events.awaitEvent(ofType("pulse.activity.logged.v1", callId));
        assertThat(logged.data().at("/activity/contactId").asString()).isEqualTo(contact);
        assertThat(logged.data().at("/activity/companyId").asString()).isEqualTo(company);
        assertThat(logged.data().at("/activity/durationSeconds").asInt()).isEqualTo(300);
        events.awaitEvent(ofType("pulse.activity.logged.v1", email));
        assertThat(events.records()).filteredOn(r -> r.key().equals(callId) || r.key().equals(email)).hasSize(2)
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void badActivitiesAreRefusedPerField() {
        String contact = create("{\"firstName\":\"Val\"}");
        Response bad = api.post("/api/contacts/" + contact + "/timeline", """
                {"type":"note","direction":"sideways","durationSeconds":5,"recordingUrl":"javascript:alert(1)"}""");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("body", "direction", "durationSeconds", "recordingUrl");
        assertThat(api.post("/api/contacts/" + contact + "/timeline", "{\"type\":\"fax\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/contacts/" + contact + "/timeline", "{\"type\":\"note\",\"body\":\"x\",\"$where\":1}").status()).isEqualTo(400);
        assertThat(api.post("/api/contacts/nope/timeline", "{\"type\":\"note\",\"body\":\"x\"}").status()).isEqualTo(404);
        assertThat(api.get("/api/contacts/" + contact + "/timeline?cursor=abc").status()).isEqualTo(400);
        assertThat(api.get("/api/companies/nope/timeline").status()).isEqualTo(404);
    }

    @Test
    void completedTasksAndDealEventsFromOtherServicesJoinTheTimelinesOnce() {
        String company = api.post("/api/companies", "{\"name\":\"Deal Co\"}").json().get("id").asString();
        String contact = create("{\"firstName\":\"Dee\",\"companyId\":\"" + company + "\"}");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        EventEnvelope taskDone = TestEvents.event("pulse.task.completed.v1", "/pulse/tasks-service", "task-1", now.minusSeconds(30),
                Map.of("task", Map.of("id", "task-1", "title", "Send proposal", "futureField", true), "contactId", contact,
                        "outcome", "sent", "completedAt", now.toString()));
        TestEvents.publish("pulse.tasks.task.v1", taskDone);
        TestEvents.publish("pulse.tasks.task.v1", taskDone); // redelivered
        TestEvents.publish("pulse.tasks.task.v1", TestEvents.event("pulse.task.created.v1", "/pulse/tasks-service", "task-2", now,
                Map.of("task", Map.of("id", "task-2"), "contactId", contact)));
        TestEvents.publish("pulse.deals.deal.v1", TestEvents.event("pulse.deal.created.v1", "/pulse/deals-service", "deal-1", now.minusSeconds(20),
                Map.of("deal", Map.of("id", "deal-1", "title", "Big deal", "companyId", company,
                        "contacts", List.of(Map.of("contactId", contact, "role", "buyer"))))));
        TestEvents.publish("pulse.deals.deal.v1", TestEvents.event("pulse.deal.stage_changed.v1", "/pulse/deals-service", "deal-1", now.minusSeconds(10),
                Map.of("deal", Map.of("id", "deal-1", "title", "Big deal", "companyId", company), "newStage", "negotiation")));
        TestEvents.publish("pulse.deals.deal.v1", TestEvents.event("pulse.deal.won.v1", "/pulse/deals-service", "deal-1", now,
                Map.of("deal", Map.of("id", "deal-1", "contacts", List.of(contact)))));

        Response contactTimeline = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/contacts/" + contact + "/timeline"), r -> r.json().get("items").size() >= 3);
        var items = contactTimeline.json().get("items");
        assertThat(items.valueStream().map(i -> i.get("type").asString()).toList())
                .containsExactly("deal_won", "deal_created", "task_completed");
        assertThat(items.get(2).get("subject").asString()).isEqualTo("Send proposal");
        assertThat(items.get(2).get("sourceId").asString()).isEqualTo("task-1");
        assertThat(items.get(0).get("sourceId").asString()).isEqualTo("deal-1");

        Response companyTimeline = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/companies/" + company + "/timeline"), r -> r.json().get("items").size() >= 2);
        assertThat(companyTimeline.json().get("items").valueStream().map(i -> i.get("type").asString()).toList())
                .containsExactly("deal_stage_changed", "deal_created");
        assertThat(companyTimeline.json().at("/items/0/outcome").asString()).isEqualTo("negotiation");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actuator/prometheus").body()
                .contains("pulse_consumer_duplicates_total{consumer=\"contacts-timeline\""));
        assertThat(api.get("/api/contacts/" + contact + "/timeline").json().get("items").size()).isEqualTo(3);
    }

    @Test
    void documentsGeneratedAndEmailedForADealJoinItsContactsTimelines() {
        String contact = create("{\"firstName\":\"Doc\"}");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> deal = Map.of("id", "deal-doc", "title", "Поставка", "contacts",
                List.of(Map.of("contactId", contact, "role", "champion")));
        Map<String, Object> document = Map.of("id", "doc-1", "kind", "quote", "name", "Quote", "number", "2026-0007",
                "year", 2026, "sequence", 7, "templateId", "t-1");
        EventEnvelope generated = TestEvents.event("pulse.deal.document_generated.v1", "/pulse/deals-service", "deal-doc",
                now.minusSeconds(5), Map.of("deal", deal, "document", document));
        TestEvents.publish("pulse.deals.deal.v1", generated);
        TestEvents.publish("pulse.deals.deal.v1", generated); // redelivered
        TestEvents.publish("pulse.deals.deal.v1", TestEvents.event("pulse.deal.document_sent.v1", "/pulse/deals-service",
                "deal-doc", now, Map.of("deal", deal, "document", document, "sendId", "s-1", "to", "doc@example.com",
                        "contactId", contact, "subject", "Your quote")));

        Response timeline = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/contacts/" + contact + "/timeline"), r -> r.json().get("items").size() >= 2);
        var items = timeline.json().get("items");
        assertThat(items.valueStream().map(i -> i.get("type").asString()).toList())
                .containsExactly("deal_document_sent", "deal_document_generated");
        assertThat(items.get(0).get("outcome").asString()).isEqualTo("Quote 2026-0007 → doc@example.com");
        assertThat(items.get(1).get("outcome").asString()).isEqualTo("Quote 2026-0007");
        assertThat(items.get(1).get("subject").asString()).isEqualTo("Поставка");
        assertThat(items.get(1).get("sourceId").asString()).isEqualTo("deal-doc");
    }

    private List<String> all(String path) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get(path + "?limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 50);
        return seen;
    }

    private String log(String contact, String json) {
        Response response = api.post("/api/contacts/" + contact + "/timeline", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private String create(String json) {
        Response response = api.post("/api/contacts", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}

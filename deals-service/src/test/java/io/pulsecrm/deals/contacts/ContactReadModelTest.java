package io.pulsecrm.deals.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.Ids;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Contact names on deals come from contacts-service's events, correct under redelivery and reordering. */
class ContactReadModelTest extends DealsApiTestBase {

    private static final String TOPIC = "pulse.contacts.contact.v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void dealsShowContactNamesKeptRightUnderRedeliveryAndReordering() throws Exception {
        String ada = Ids.newId();
        String bob = Ids.newId();
        JsonNode pipeline = createSalesPipeline("Names");
        JsonNode deal = createDeal(pipeline.get("id").asString(), """
                {"title":"Named","pipelineId":"$PIPELINE","ownerId":"u",
                 "contacts":[{"contactId":"%s","role":"champion"},{"contactId":"%s","role":"influencer"}]}""".formatted(ada, bob));
        String dealId = deal.get("id").asString();
        assertThat(deal.at("/contacts/0/name").isNull()).isTrue(); // not known yet

        EventEnvelope adaCreated = contactEvent(ada, "pulse.contact.created.v1", 1, "Ada", "Byron", Instant.parse("2026-01-01T00:00:00Z"));
        EventEnvelope adaRenamed = contactEvent(ada, "pulse.contact.updated.v1", 2, "Ada", "Lovelace", Instant.parse("2026-01-02T00:00:00Z"));
        // out of order, and each delivered twice
        send(adaRenamed);
        send(adaCreated);
        send(adaRenamed);
        send(adaCreated);
        send(contactEvent(bob, "pulse.contact.created.v1", 1, "Bob", null, Instant.parse("2026-01-01T00:00:00Z")));
        send(contactEvent(ada, "pulse.contact.merged.v9", 3, "X", "Y", Instant.now())); // unknown type: ignored

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode read = api.get("/api/deals/" + dealId).json();
            assertThat(read.at("/contacts/0/name").asString("")).isEqualTo("Ada Lovelace");
            assertThat(read.at("/contacts/0/email").asString("")).isEqualTo("ada@example.com");
            assertThat(read.at("/contacts/1/name").asString("")).isEqualTo("Bob");
        });
        // a newer version still moves the row forward after the stale redeliveries
        send(contactEvent(ada, "pulse.contact.updated.v1", 4, "Ada", "King", Instant.parse("2026-01-04T00:00:00Z")));
        send(adaCreated);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/deals/" + dealId).json().at("/contacts/0/name").asString("")).isEqualTo("Ada King"));

        // a delete, then a late stale update: the contact stays gone
        send(deleted(bob, 2));
        send(contactEvent(bob, "pulse.contact.updated.v1", 1, "Bobby", null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/deals/" + dealId).json().at("/contacts/1/name").isNull()).isTrue());
        // cards on the board show names too
        JsonNode board = api.get("/api/deals/board?pipelineId=" + pipeline.get("id").asString()).json();
        assertThat(board.at("/stages/0/cards/0/contacts/0/name").asString()).isEqualTo("Ada King");
    }

    private static EventEnvelope contactEvent(String id, String type, long version, String first, String last, Instant at) {
        JsonNode data = JSON.readTree("""
                {"contact":{"id":"%s","firstName":"%s","lastName":%s,"email":"ada@example.com","phone":null,
                 "jobTitle":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"%s","somethingNew":true}}"""
                .formatted(id, first, last == null ? "null" : "\"" + last + "\"", at));
        return envelope(id, type, version, data);
    }

    private static EventEnvelope deleted(String id, long version) {
        return envelope(id, "pulse.contact.deleted.v1", version,
                JSON.readTree("{\"contactId\":\"" + id + "\",\"deletedAt\":\"2026-01-03T00:00:00Z\"}"));
    }

    private static EventEnvelope envelope(String id, String type, long version, JsonNode data) {
        return ContactsServiceEvents.contact(id, type, version, data);
    }

    private static void send(EventEnvelope event) {
        ContactsServiceEvents.publish(TOPIC, event);
    }
}

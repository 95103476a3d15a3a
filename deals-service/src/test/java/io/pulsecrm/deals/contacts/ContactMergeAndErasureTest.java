package io.pulsecrm.deals.contacts;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.TestEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Contact merges repoint deals to the survivor; erasures purge the contact's personal data for good. */
class ContactMergeAndErasureTest extends DealsApiTestBase {

    private static final String TOPIC = "pulse.contacts.contact.v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void mergeRepointsDealsToTheSurvivorOnceEvenWhenRedelivered() throws Exception {
        String survivor = Ids.newId();
        String dupA = Ids.newId();
        String dupB = Ids.newId();
        String other = Ids.newId();
        String pipelineId = createSalesPipeline("Merge").get("id").asString();
        // the survivor is already on the first deal: the merged entry is dropped, the survivor keeps its role
        String both = createDeal(pipelineId, """
                {"title":"Both","pipelineId":"$PIPELINE","ownerId":"u",
                 "contacts":[{"contactId":"%s","role":"champion"},{"contactId":"%s","role":"influencer"},
                             {"contactId":"%s","role":"user"}]}""".formatted(dupA, survivor, other)).get("id").asString();
        // only merged contacts: both become the survivor, once, with the first entry's role
        String onlyMerged = createDeal(pipelineId, """
                {"title":"Only merged","pipelineId":"$PIPELINE","ownerId":"u",
                 "contacts":[{"contactId":"%s","role":"decision_maker"},{"contactId":"%s","role":"blocker"}]}"""
                .formatted(dupA, dupB)).get("id").asString();
        send(contactEvent(dupA, "pulse.contact.created.v1", 1, "Ada", "Dup"));

        EventEnvelope merged = envelope(survivor, "pulse.contact.merged.v1", 5, JSON.readTree("""
                {"survivorId":"%s","mergedIds":["%s","%s"],
                 "contact":{"id":"%s","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","phone":null,
                            "jobTitle":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-05T00:00:00Z"},
                 "changes":{"lastName":{"from":"Byron","to":"Lovelace"}}}"""
                .formatted(survivor, dupA, dupB, survivor)));
        EventSchemaValidator.assertValid(EventJson.write(merged));
        send(merged);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode b = api.get("/api/deals/" + both).json();
            assertThat(b.at("/contacts").size()).isEqualTo(2);
            assertThat(b.at("/contacts/0/contactId").asString()).isEqualTo(survivor);
            assertThat(b.at("/contacts/0/role").asString()).isEqualTo("influencer");
            assertThat(b.at("/contacts/0/name").asString("")).isEqualTo("Ada Lovelace");
            assertThat(b.at("/contacts/1/contactId").asString()).isEqualTo(other);
            JsonNode m = api.get("/api/deals/" + onlyMerged).json();
            assertThat(m.at("/contacts").size()).isEqualTo(1);
            assertThat(m.at("/contacts/0/contactId").asString()).isEqualTo(survivor);
            assertThat(m.at("/contacts/0/role").asString()).isEqualTo("decision_maker");
        });
        EventEnvelope updated = events.awaitEvent(ofType("pulse.deal.updated.v1", both));
        assertThat(updated.data().at("/changes/contacts/from").size()).isEqualTo(3);
        assertThat(updated.data().at("/changes/contacts/to").size()).isEqualTo(2);
        events.awaitEvent(ofType("pulse.deal.updated.v1", onlyMerged));
        assertThat(events.records()).filteredOn(r -> both.equals(r.key()) || onlyMerged.equals(r.key()))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        long bothVersion = api.get("/api/deals/" + both).json().get("version").asLong();
        long onlyMergedVersion = api.get("/api/deals/" + onlyMerged).json().get("version").asLong();
        long updatesBefore = dealUpdates(both, onlyMerged);

        // redelivery, then a marker on the same key (same partition, so handled after it)
        send(merged);
        send(survivor, contactEvent(dupB, "pulse.contact.updated.v1", 9, "Bob", "Dup")); // late; must not revive dupB
        send(contactEvent(survivor, "pulse.contact.updated.v1", 6, "Ada", "King"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.get("/api/deals/" + both).json().at("/contacts/0/name").asString("")).isEqualTo("Ada King"));
        assertThat(api.get("/api/deals/" + both).json().get("version").asLong()).isEqualTo(bothVersion);
        assertThat(api.get("/api/deals/" + onlyMerged).json().get("version").asLong()).isEqualTo(onlyMergedVersion);
        assertThat(dealUpdates(both, onlyMerged)).isEqualTo(updatesBefore);
    }

    @Test
    void erasurePurgesTheNameAndStaleUpdatesCannotBringItBack() throws Exception {
        String eve = Ids.newId();
        String marker = Ids.newId();
        String pipelineId = createSalesPipeline("Erase").get("id").asString();
        String dealId = createDeal(pipelineId, """
                {"title":"Erased","pipelineId":"$PIPELINE","ownerId":"u",
                 "contacts":[{"contactId":"%s","role":"champion"},{"contactId":"%s","role":"user"}]}"""
                .formatted(eve, marker)).get("id").asString();
        send(contactEvent(eve, "pulse.contact.created.v1", 1, "Eve", "Secret"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.get("/api/deals/" + dealId).json().at("/contacts/0/name").asString("")).isEqualTo("Eve Secret"));

        EventEnvelope erased = envelope(eve, "pulse.contact.erased.v1", 2,
                JSON.readTree("{\"contactId\":\"" + eve + "\",\"erasedAt\":\"2026-01-03T00:00:00Z\"}"));
        EventSchemaValidator.assertValid(EventJson.write(erased));
        send(erased);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode read = api.get("/api/deals/" + dealId).json();
            assertThat(read.at("/contacts/0/contactId").asString()).isEqualTo(eve); // the reference stays
            assertThat(read.at("/contacts/0/name").isNull()).isTrue();
            assertThat(read.at("/contacts/0/email").isNull()).isTrue();
        });

        // late stale updates (older and even newer versions), then a marker event on the same key and partition
        send(contactEvent(eve, "pulse.contact.updated.v1", 1, "Eve", "Secret"));
        send(contactEvent(eve, "pulse.contact.updated.v1", 3, "Eve", "Again"));
        send(eve, contactEvent(marker, "pulse.contact.created.v1", 1, "Mark", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                api.get("/api/deals/" + dealId).json().at("/contacts/1/name").asString("")).isEqualTo("Mark"));
        JsonNode read = api.get("/api/deals/" + dealId).json();
        assertThat(read.at("/contacts/0/name").isNull()).isTrue();
        assertThat(read.at("/contacts/0/email").isNull()).isTrue();
    }

    private static long dealUpdates(String... dealIds) {
        var ids = java.util.Set.of(dealIds);
        return events.distinctEvents().stream()
                .filter(e -> "pulse.deal.updated.v1".equals(e.type()) && ids.contains(e.subject())).count();
    }

    private static EventEnvelope contactEvent(String id, String type, long version, String first, String last) {
        JsonNode data = JSON.readTree("""
                {"contact":{"id":"%s","firstName":"%s","lastName":%s,"email":"someone@example.com","phone":null,
                 "jobTitle":null,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"%s"}}"""
                .formatted(id, first, last == null ? "null" : "\"" + last + "\"", Instant.now()));
        return envelope(id, type, version, data);
    }

    private static EventEnvelope envelope(String id, String type, long version, JsonNode data) {
        return ContactsServiceEvents.contact(id, type, version, data);
    }

    private static void send(EventEnvelope event) throws Exception {
        send(event.subject(), event);
    }

    private static void send(String key, EventEnvelope event) throws Exception {
        TestEvents.publish(TOPIC, key, EventJson.write(event));
    }
}

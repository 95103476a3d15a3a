package io.pulsecrm.deals.conversion;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A converted lead's deal is opened from pulse.contact.converted.v1 with the id contacts-service allocated, once. */
class ConversionListenerTest extends DealsApiTestBase {

    @Test
    void theDealIsOpenedWithTheAllocatedIdTheContactInItsRoleAndTheCompanyOnceEvenWhenRedelivered() {
        JsonNode pipeline = createSalesPipeline("Conversions");
        String pipelineId = pipeline.get("id").asString();
        String contactId = Ids.newId();
        String companyId = Ids.newId();
        String dealId = Ids.newId();
        EventEnvelope converted = converted(contactId, dealId, companyId, deal("Bakery", pipelineId,
                stageId(pipeline, "Proposal"), "1200.5", "EUR", TestIdentity.EAST_REP, "champion", "2027-01-31"));
        EventSchemaValidator.assertValid(EventJson.write(converted));
        TestEvents.publish(ConversionListener.TOPIC, converted);

        JsonNode deal = awaitDeal(dealId);
        assertThat(deal.get("title").asString()).isEqualTo("Bakery");
        assertThat(deal.get("pipelineId").asString()).isEqualTo(pipelineId);
        assertThat(deal.get("stageId").asString()).isEqualTo(stageId(pipeline, "Proposal"));
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("1200.50");
        assertThat(deal.get("currency").asString()).isEqualTo("EUR");
        assertThat(deal.get("ownerId").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(deal.get("teamId").asString()).isEqualTo("east");
        assertThat(deal.get("companyId").asString()).isEqualTo(companyId);
        assertThat(deal.at("/contacts/0/contactId").asString()).isEqualTo(contactId);
        assertThat(deal.at("/contacts/0/role").asString()).isEqualTo("champion");
        assertThat(deal.get("source").asString()).isEqualTo("web_form");
        EventEnvelope created = events.awaitEvent(ofType("pulse.deal.created.v1", dealId));
        assertThat(created.actor()).isEqualTo(TestIdentity.EAST_REP);

        // a redelivery (the same event again, then a marker on the same key: handled in order after it)
        TestEvents.publish(ConversionListener.TOPIC, converted);
        String markerDeal = Ids.newId();
        TestEvents.publish(ConversionListener.TOPIC, converted(contactId, markerDeal, null, deal("Marker", pipelineId, null,
                null, null, TestIdentity.EAST_REP, "user", null)));
        awaitDeal(markerDeal);
        assertThat(events.events()).filteredOn(ofType("pulse.deal.created.v1", dealId)::test).hasSize(1);
        assertThat(api.get("/api/deals/" + dealId).json().get("version").asLong()).isEqualTo(deal.get("version").asLong());
        // no stage named: the pipeline's first open stage
        assertThat(api.get("/api/deals/" + markerDeal).json().get("stageId").asString()).isEqualTo(stageId(pipeline, "Lead"));
    }

    @Test
    void aStageThatWentAwaySinceTheConversionOpensTheDealInTheFirstOpenStageAndAGonePipelineIsNeverDroppedSilently() {
        JsonNode pipeline = createSalesPipeline("Stage gone");
        String pipelineId = pipeline.get("id").asString();
        String dealId = Ids.newId();
        TestEvents.publish(ConversionListener.TOPIC, converted(Ids.newId(), dealId, null, deal("Fallback", pipelineId,
                "no-such-stage", null, null, TestIdentity.EAST_REP, "other", null)));
        assertThat(awaitDeal(dealId).get("stageId").asString()).isEqualTo(stageId(pipeline, "Lead"));

        // an unknown pipeline: retried, then on the dead-letter topic with the reason (where operators replay it)
        String lost = Ids.newId();
        String contact = Ids.newId();
        TestEvents.publish(ConversionListener.TOPIC, converted(contact, lost, null, deal("Nowhere", "no-such-pipeline",
                "x", null, null, TestIdentity.EAST_REP, "other", null)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Response dlt = api.get("/admin/dead-letters/" + ConversionListener.TOPIC + "?limit=500");
            assertThat(dlt.body()).contains(lost).contains("no-such-pipeline");
        });
        assertThat(api.get("/api/deals/" + lost).status()).isEqualTo(404);
    }

    private JsonNode awaitDeal(String dealId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/deals/" + dealId).status() == 200);
        return api.get("/api/deals/" + dealId).json();
    }

    private static Map<String, Object> deal(String name, String pipelineId, String stageId, String amount, String currency,
                                            String ownerId, String role, String expectedCloseDate) {
        Map<String, Object> deal = new LinkedHashMap<>();
        deal.put("name", name);
        deal.put("pipelineId", pipelineId);
        deal.put("stageId", stageId == null ? "unset" : stageId);
        deal.put("amount", amount);
        deal.put("currency", currency);
        deal.put("ownerId", ownerId);
        deal.put("contactRole", role);
        deal.put("expectedCloseDate", expectedCloseDate);
        deal.put("source", "web_form");
        return deal;
    }

    private static EventEnvelope converted(String contactId, String dealId, String companyId, Map<String, Object> deal) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", contactId);
        data.put("dealId", dealId);
        data.put("deal", deal);
        data.put("companyId", companyId);
        data.put("contact", Map.of("id", contactId, "firstName", "Lena", "lifecycleStage", "opportunity",
                "createdAt", "2026-01-01T00:00:00Z", "updatedAt", "2026-01-02T00:00:00Z"));
        data.put("convertedAt", "2026-01-02T00:00:00Z");
        data.put("convertedBy", TestIdentity.EAST_REP);
        return TestEvents.causedBy(TestIdentity.EAST_REP, TestEvents.event("pulse.contact.converted.v1",
                "/pulse/contacts-service", contactId, Instant.now(), 3, data));
    }
}

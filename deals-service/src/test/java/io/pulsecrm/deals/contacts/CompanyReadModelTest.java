package io.pulsecrm.deals.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.Ids;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Company names on deals (cards, lists, the deal) come from contacts-service's company events, right under redelivery and reordering. */
class CompanyReadModelTest extends DealsApiTestBase {

    @Test
    void dealsShowTheirCompanysNameKeptRightUnderRedeliveryReorderingAndDeletion() {
        String acme = Ids.newId();
        String globex = Ids.newId();
        JsonNode pipeline = createSalesPipeline("Companies");
        String pipelineId = pipeline.get("id").asString();
        String dealId = createDeal(pipelineId, """
                {"title":"Anvils","pipelineId":"$PIPELINE","ownerId":"u","companyId":"%s"}""".formatted(acme)).get("id").asString();
        String otherId = createDeal(pipelineId, """
                {"title":"Lasers","pipelineId":"$PIPELINE","ownerId":"u","companyId":"%s"}""".formatted(globex)).get("id").asString();
        String noCompany = createDeal(pipelineId, "{\"title\":\"Alone\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\"}")
                .get("id").asString();
        assertThat(api.get("/api/deals/" + dealId).json().get("companyName").isNull()).as("not known yet").isTrue();

        EventEnvelope created = company(acme, "pulse.company.created.v1", 1, "Acme");
        EventEnvelope renamed = company(acme, "pulse.company.updated.v1", 2, "Acme Corporation");
        // out of order, each twice, and a type this service does not know
        send(renamed);
        send(created);
        send(renamed);
        send(created);
        send(company(globex, "pulse.company.created.v1", 1, "Globex"));
        send(company(acme, "pulse.company.merged.v9", 3, "Nope"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.get("/api/deals/" + dealId).json().get("companyName").asString("")).isEqualTo("Acme Corporation");
            assertThat(api.get("/api/deals/" + otherId).json().get("companyName").asString("")).isEqualTo("Globex");
        });
        JsonNode list = api.get("/api/deals?pipelineId=" + pipelineId).json();
        assertThat(list.get("items").valueStream().map(d -> d.get("companyName").asString(null)).toList())
                .containsExactly("Acme Corporation", "Globex", null);
        JsonNode board = api.get("/api/deals/board?pipelineId=" + pipelineId).json();
        assertThat(board.at("/stages/0/cards").valueStream().map(d -> d.get("companyName").asString(null)).toList())
                .containsExactly("Acme Corporation", "Globex", null);
        assertThat(api.get("/api/deals/" + noCompany).json().get("companyName").isNull()).isTrue();

        // deleted, then a stale update arrives late: the name stays gone, the deal keeps its companyId
        send(deleted(globex, 2));
        send(company(globex, "pulse.company.updated.v1", 1, "Globex again"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/deals/" + otherId).json().get("companyName").isNull()).isTrue());
        assertThat(api.get("/api/deals/" + otherId).json().get("companyId").asString()).isEqualTo(globex);
    }

    private static EventEnvelope company(String id, String type, long version, String name) {
        JsonNode data = ContactsServiceEvents.json("""
                {"company":{"id":"%s","name":"%s","domain":null,"ownerId":"u","createdAt":"2026-01-01T00:00:00Z",
                 "updatedAt":"2026-01-02T00:00:00Z","somethingNew":true},"changes":{"name":{"from":"a","to":"b"}}}"""
                .formatted(id, name));
        return ContactsServiceEvents.company(id, type, version, data);
    }

    private static EventEnvelope deleted(String id, long version) {
        return ContactsServiceEvents.company(id, "pulse.company.deleted.v1", version,
                ContactsServiceEvents.json("{\"companyId\":\"" + id + "\",\"deletedAt\":\"2026-01-03T00:00:00Z\"}"));
    }

    private static void send(EventEnvelope event) {
        ContactsServiceEvents.publish(ContactsServiceEvents.COMPANY_TOPIC, event);
    }
}

package io.pulsecrm.automation.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pulsecrm.automation.support.AutomationTest;
import io.pulsecrm.automation.support.StandIns.Request;
import io.pulsecrm.platform.test.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * "Web request → deal card with a responsible manager" without code: create_deal opens a deal through deals-service's
 * API (a real HTTP stand-in here), linked to the triggering contact and its company, owners taking turns, under the
 * step's idempotency key.
 */
class CreateDealAutomationTest extends AutomationTest {

    @Test
    void newWebLeadsGetADealEachOwnersTakingTurnsAndARetriedStepOpensNoSecondDeal() {
        String source = unique();
        String ruleId = createRule(json("""
                {"name": "Web leads become deals", "team": "east",
                 "trigger": {"type": "event", "events": ["pulse.contact.created.v1"]},
                 "conditions": {"all": [{"field": "contact.source", "op": "equals", "value": "%s"}]},
                 "actions": [{"type": "create_deal", "name": "{{contact.firstName}} %s", "pipelineId": "sales",
                              "stageId": "new", "amount": "1500.00", "currency": "EUR",
                              "owner": {"type": "round_robin", "team": "east"}}]}
                """.formatted(source, source)));
        standIns().failTasks(source + " flaky", 1); // the first attempt of one deal meets a 503

        for (String name : List.of("Ann", "Ben flaky")) {
            String contactId = unique();
            publish(CONTACTS_TOPIC, event("pulse.contact.created.v1", contactId, Map.of("contact",
                    Map.of("id", contactId, "firstName", name.split(" ")[0] + (name.contains("flaky") ? " " + source + " flaky" : ""),
                            "source", source, "companyId", "company-of-" + name.split(" ")[0]))));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> standIns().dealRequests(source).stream()
                .filter(r -> r.status() == 201).count() == 2);
        List<Request> created = standIns().dealRequests(source).stream().filter(r -> r.status() == 201).toList();
        assertThat(created).extracting(r -> r.body().get("ownerId").asString()).containsExactlyInAnyOrder("ada", "bob");
        for (Request deal : created) {
            assertThat(deal.body().get("pipelineId").asString()).isEqualTo("sales");
            assertThat(deal.body().get("stageId").asString()).isEqualTo("new");
            assertThat(deal.body().get("amount").decimalValue()).isEqualByComparingTo("1500");
            assertThat(deal.body().get("currency").asString()).isEqualTo("EUR");
            assertThat(deal.body().get("source").asString()).isEqualTo("automation");
            assertThat(deal.body().at("/contacts/0/role").asString()).isEqualTo("decision_maker");
            assertThat(deal.body().get("companyId").asString()).startsWith("company-of-");
            assertThat(deal.header("Idempotency-Key")).isNotBlank();
        }
        // the retried step sent the same request under the same key, and took no second turn
        List<Request> flaky = standIns().dealRequests(source + " flaky");
        assertThat(flaky).extracting(Request::status).containsExactly(503, 201);
        assertThat(flaky.get(1).header("Idempotency-Key")).isEqualTo(flaky.get(0).header("Idempotency-Key"));
        assertThat(flaky.get(1).body().get("ownerId")).isEqualTo(flaky.get(0).body().get("ownerId"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runsOf(ruleId)).hasSize(2)
                .allSatisfy(run -> assertThat(run.get("status").asString()).isEqualTo("completed")));
        standIns().healTasks(source + " flaky");
        disable(ruleId);
    }

    @Test
    void createDealIsCheckedWhenTheRuleIsSavedAndItsDryRunSaysWhatWouldBeOpened() {
        ApiClient.Response onDeals = api.post("/api/automation/rules", json("""
                {"name": "Bad", "trigger": {"type": "event", "events": ["pulse.deal.created.v1"]},
                 "actions": [{"type": "create_deal", "name": "x", "pipelineId": "sales"}]}""").toString());
        assertThat(onDeals.status()).isEqualTo(400);
        assertThat(onDeals.body()).contains("create_deal acts on");
        ApiClient.Response bad = api.post("/api/automation/rules", json("""
                {"name": "Bad", "trigger": {"type": "event", "events": ["pulse.contact.created.v1"]},
                 "actions": [{"type": "create_deal", "amount": "-3", "currency": "euro", "colour": "red"}]}""").toString());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("actions[0].name", "actions[0].pipelineId", "actions[0].amount", "actions[0].currency",
                "actions[0].colour");

        String ruleId = createRule(json("""
                {"name": "Dry deals", "team": "east", "trigger": {"type": "event", "events": ["pulse.contact.created.v1"]},
                 "actions": [{"type": "create_deal", "name": "Deal for {{contact.firstName}}", "pipelineId": "sales",
                              "owner": {"type": "round_robin", "team": "east"}}]}"""));
        String body = "{\"event\": {\"type\": \"pulse.contact.created.v1\", \"subject\": \"c-dry\", \"data\": "
                + "{\"contact\": {\"id\": \"c-dry\", \"firstName\": \"Dora\", \"ownerId\": \"ada\"}}}}";
        ApiClient.Response dry = api.post("/api/automation/rules/" + ruleId + "/dry-run", body);
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        JsonNode step = dry.json().get("actions").get(0);
        assertThat(step.get("type").asString()).isEqualTo("create_deal");
        assertThat(step.toString()).contains("Deal for Dora").contains("POST /api/deals");
        assertThat(standIns().dealRequests("Deal for Dora")).isEmpty();
        disable(ruleId);
    }
}

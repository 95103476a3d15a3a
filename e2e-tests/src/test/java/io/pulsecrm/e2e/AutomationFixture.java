package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import tools.jackson.databind.JsonNode;

/** What the automation tests (through the gateway and in the browser) set up and check through the API. */
final class AutomationFixture {

    private AutomationFixture() {
    }

    /** A pipeline of its own: Lead, Proposal, Won, Lost. */
    static JsonNode proposalPipeline(ApiClient admin, String marker) {
        return created(admin.post("/api/pipelines", """
                {"name":"E2E %s","lostReasons":["Price"],"stages":[
                  {"name":"Lead","probability":10},{"name":"Proposal","probability":60},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(marker)));
    }

    /** A deal titled {@code Deal <marker>} created by the rep in the pipeline's first stage. */
    static JsonNode newDeal(ApiClient rep, JsonNode pipeline, String marker) {
        return created(rep.post("/api/deals", """
                {"title":"Deal %s","pipelineId":"%s","amount":25000,"currency":"EUR","expectedCloseDate":"%s"}"""
                .formatted(marker, pipeline.get("id").asString(), LocalDate.now().plusMonths(1))));
    }

    /** Moves the deal (at the version it was read) to the pipeline's stage of this name. */
    static void move(ApiClient rep, JsonNode deal, JsonNode pipeline, String stage) {
        Response moved = rep.post("/api/deals/" + deal.get("id").asString() + "/move",
                "{\"stageId\":\"" + stageId(pipeline, stage) + "\"}",
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    }

    /** A new deal titled {@code Deal <marker>} moved to {@code stage}; its id. */
    static String moveNewDeal(ApiClient rep, JsonNode pipeline, String marker, String stage) {
        JsonNode deal = newDeal(rep, pipeline, marker);
        move(rep, deal, pipeline, stage);
        return deal.get("id").asString();
    }

    static String stageId(JsonNode pipeline, String name) {
        for (JsonNode stage : pipeline.get("stages")) {
            if (stage.get("name").asString().equals(name)) {
                return stage.get("id").asString();
            }
        }
        throw new AssertionError("no stage " + name + " in " + pipeline);
    }

    static List<JsonNode> tasksOf(ApiClient client, String dealId) {
        Response tasks = client.get("/api/tasks?dealId=" + dealId + "&limit=200");
        assertThat(tasks.status()).as(tasks.toString()).isEqualTo(200);
        return tasks.json().get("items").valueStream().toList();
    }

    static JsonNode created(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }
}

package io.pulsecrm.deals.pipelines;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PipelineApiTest extends DealsApiTestBase {

    @Test
    void adminsAddRenameReorderAndRemoveStagesWithAnEventForEachChange() {
        JsonNode pipeline = createSalesPipeline("Admin");
        String id = pipeline.get("id").asString();
        assertThat(pipeline.get("stages").size()).isEqualTo(6);
        assertThat(pipeline.at("/stages/4/probability").asInt()).isEqualTo(100);
        assertThat(pipeline.at("/stages/2/requiredFields").valueStream().map(JsonNode::asString).toList())
                .containsExactly("amount", "expectedCloseDate");

        Response added = api.post("/api/pipelines/" + id + "/stages",
                "{\"name\":\"Demo\",\"probability\":45,\"position\":2,\"stallAfter\":\"P7D\"}", Map.of("If-Match", "\"0\""));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().at("/stages/2/name").asString()).isEqualTo("Demo");
        assertThat(added.json().at("/stages/2/stallAfter").asString()).isEqualTo("P7D");
        String demo = stageId(added.json(), "Demo");

        Response renamed = api.patch("/api/pipelines/" + id + "/stages/" + demo, "{\"name\":\"Live demo\",\"probability\":50}",
                Map.of("If-Match", "\"1\""));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().at("/stages/2/name").asString()).isEqualTo("Live demo");

        List<String> order = new java.util.ArrayList<>(renamed.json().get("stages").valueStream().map(s -> s.get("id").asString()).toList());
        java.util.Collections.swap(order, 0, 1);
        Response reordered = api.send("PUT", "/api/pipelines/" + id + "/stage-order",
                "{\"stageIds\":[\"" + String.join("\",\"", order) + "\"]}", Map.of("If-Match", "\"2\"", "Content-Type", "application/json"));
        assertThat(reordered.status()).as(reordered.toString()).isEqualTo(200);
        assertThat(reordered.json().at("/stages/0/name").asString()).isEqualTo("Qualified");

        // a stage that holds deals is removed only when the caller says where its deals go
        JsonNode deal = createDeal(id, "{\"title\":\"In demo\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\",\"stageId\":\"" + demo + "\"}");
        assertProblem(api.delete("/api/pipelines/" + id + "/stages/" + demo, Map.of("If-Match", "\"3\"")), 409, "moveDealsTo");
        assertFieldError(api.delete("/api/pipelines/" + id + "/stages/" + demo + "?moveDealsTo=" + stageId(pipeline, "Won"),
                Map.of("If-Match", "\"3\"")), "moveDealsTo");
        Response removed = api.delete("/api/pipelines/" + id + "/stages/" + demo + "?moveDealsTo=" + stageId(pipeline, "Qualified"),
                Map.of("If-Match", "\"3\""));
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        assertThat(removed.json().get("stages").size()).isEqualTo(6);
        JsonNode moved = api.get("/api/deals/" + deal.get("id").asString()).json();
        assertThat(moved.get("stageId").asString()).isEqualTo(stageId(pipeline, "Qualified"));
        assertThat(api.get("/api/deals/" + deal.get("id").asString() + "/history").json()
                .at("/stageChanges/1/reason").asString()).isEqualTo("stage_removed");

        Response patched = api.patch("/api/pipelines/" + id, "{\"name\":\"Admin 2\",\"lostReasons\":[\"Price\",\"Timing\"]}",
                Map.of("If-Match", "\"4\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("lostReasons").size()).isEqualTo(2);

        // the last won stage cannot go, and a pipeline holding deals cannot be deleted
        assertProblem(api.delete("/api/pipelines/" + id + "/stages/" + stageId(pipeline, "Won"), Map.of("If-Match", "\"5\"")), 409, "won");
        assertProblem(api.delete("/api/pipelines/" + id, Map.of("If-Match", "\"5\"")), 409, "deal");

        events.awaitEvent(e -> e.subject().equals(id) && e.aggregateVersion() == 6);
        var pipelineEvents = events.records().stream().filter(r -> id.equals(r.key())).toList();
        assertThat(pipelineEvents).allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        assertThat(pipelineEvents.stream().map(r -> EventJson.read(r.value()).data().path("change").asString("")).toList())
                .containsExactly("", "stage_added", "stage_updated", "stages_reordered", "stage_removed", "updated");
        assertThat(events.awaitEvent(e -> e.type().equals("pulse.deal.stage_changed.v1") && e.subject().equals(deal.get("id").asString()))
                .data().path("reason").asString()).isEqualTo("stage_removed");
    }

    @Test
    void removingAWonStageMovesItsDealsToAnotherWonStageAndKeepsTheirCloseDate() {
        JsonNode pipeline = createSalesPipeline("Two wins");
        String id = pipeline.get("id").asString();
        Response added = api.post("/api/pipelines/" + id + "/stages", "{\"name\":\"Won (renewal)\",\"kind\":\"won\"}",
                Map.of("If-Match", "\"0\""));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        JsonNode deal = createDeal(id, "{\"title\":\"Closed\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\"}");
        JsonNode won = action(deal, "win", "{}");
        String closedAt = won.get("closedAt").asString();

        Response removed = api.delete("/api/pipelines/" + id + "/stages/" + stageId(pipeline, "Won") + "?moveDealsTo="
                + stageId(added.json(), "Won (renewal)"), Map.of("If-Match", "\"1\""));

        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        JsonNode after = api.get("/api/deals/" + deal.get("id").asString()).json();
        assertThat(after.get("status").asString()).isEqualTo("won");
        assertThat(after.at("/stage/name").asString()).isEqualTo("Won (renewal)");
        assertThat(after.get("closedAt").asString()).isEqualTo(closedAt);
        // a stage without deals goes without moveDealsTo
        assertThat(api.delete("/api/pipelines/" + id + "/stages/" + stageId(pipeline, "Qualified"),
                Map.of("If-Match", "\"2\"")).status()).isEqualTo(200);
    }

    @Test
    void anEmptyPipelineCanBeDeleted() {
        JsonNode pipeline = createSalesPipeline("Disposable");
        String id = pipeline.get("id").asString();
        assertThat(api.delete("/api/pipelines/" + id, Map.of("If-Match", "\"0\"")).status()).isEqualTo(204);
        assertThat(api.get("/api/pipelines/" + id).status()).isEqualTo(404);
        var deleted = events.awaitRecord(r -> id.equals(r.key()) && r.value().contains("pulse.pipeline.deleted.v1"));
        EventSchemaValidator.assertValid(deleted.value());
        assertThat(api.get("/api/pipelines?limit=200").json().get("items").valueStream()
                .map(p -> p.get("id").asString())).doesNotContain(id);
    }

    @Test
    void invalidPipelinesAreRefusedWithFieldErrors() {
        assertFieldError(api.post("/api/pipelines", "{\"name\":\"No won\",\"stages\":[{\"name\":\"A\",\"probability\":5},{\"name\":\"L\",\"kind\":\"lost\"}]}"), "stages");
        assertFieldError(api.post("/api/pipelines", "{\"name\":\"P\",\"stages\":[{\"name\":\"A\",\"probability\":150},{\"name\":\"W\",\"kind\":\"won\"},{\"name\":\"L\",\"kind\":\"lost\"}]}"), "stages[0].probability");
        assertFieldError(api.post("/api/pipelines", "{\"name\":\"P\",\"stages\":[{\"name\":\"A\"},{\"name\":\"W\",\"kind\":\"won\"},{\"name\":\"L\",\"kind\":\"lost\"}]}"), "stages[0].probability");
        assertFieldError(api.post("/api/pipelines", "{\"name\":\"P\",\"stages\":[{\"name\":\"A\",\"probability\":5,\"requiredFields\":[\"colour\"]},{\"name\":\"W\",\"kind\":\"won\"},{\"name\":\"L\",\"kind\":\"lost\"}]}"), "stages[0].requiredFields");
        assertFieldError(api.post("/api/pipelines", "{\"name\":\"P\",\"stages\":[{\"name\":\"A\",\"probability\":5,\"stallAfter\":\"soon\"},{\"name\":\"W\",\"kind\":\"won\"},{\"name\":\"L\",\"kind\":\"lost\"}]}"), "stages[0].stallAfter");
        assertFieldError(api.post("/api/pipelines", "{\"name\":\"P\",\"stages\":[{\"name\":\"A\",\"probability\":5},{\"name\":\"a\",\"probability\":5},{\"name\":\"W\",\"kind\":\"won\"},{\"name\":\"L\",\"kind\":\"lost\"}]}"), "stages");
        assertFieldError(api.post("/api/pipelines", "{\"stages\":[]}"), "name");
        assertProblem(api.post("/api/pipelines", "{\"name\":\"P\",\"stages\":[{\"name\":\"A\",\"kind\":\"maybe\"}]}"), 400, "kind");

        JsonNode pipeline = createSalesPipeline("Bad edits");
        String id = pipeline.get("id").asString();
        assertFieldError(api.send("PUT", "/api/pipelines/" + id + "/stage-order", "{\"stageIds\":[\"x\"]}",
                Map.of("If-Match", "\"0\"", "Content-Type", "application/json")), "stageIds");
        assertFieldError(api.patch("/api/pipelines/" + id + "/stages/" + stageId(pipeline, "Lead"), "{\"kind\":\"won\"}",
                Map.of("If-Match", "\"0\"")), "kind");
        assertThat(api.patch("/api/pipelines/" + id + "/stages/nope", "{\"name\":\"x\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(404);
        assertThat(api.patch("/api/pipelines/" + id, "{\"name\":\"x\"}", Map.of("If-Match", "\"7\"")).status()).isEqualTo(409);
        assertThat(api.get("/api/pipelines/" + id).json().get("version").asLong()).isZero();
    }
}

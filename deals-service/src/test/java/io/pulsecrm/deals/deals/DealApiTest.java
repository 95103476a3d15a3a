package io.pulsecrm.deals.deals;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DealApiTest extends DealsApiTestBase {

    @Test
    void aDealGoesThroughItsLifeWithAnEventAndAHistoryEntryForEachStageChange() {
        JsonNode pipeline = createSalesPipeline("Lifecycle");
        String pipelineId = pipeline.get("id").asString();
        Response created = api.post("/api/deals", """
                {"title":" ACME renewal ","pipelineId":"%s","ownerId":"u-ada","amount":1200.5,"currency":"eur",
                 "contacts":[{"contactId":"c-1","role":"decision_maker"},{"contactId":"c-2","role":"champion"}],
                 "companyId":"co-acme","source":"referral"}""".formatted(pipelineId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode deal = created.json();
        String id = deal.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/deals/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(deal.get("title").asString()).isEqualTo("ACME renewal");
        assertThat(deal.get("currency").asString()).isEqualTo("EUR");
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("1200.50");
        assertThat(deal.get("stageId").asString()).isEqualTo(stageId(pipeline, "Lead"));
        assertThat(deal.get("status").asString()).isEqualTo("open");

        // Proposal requires amount and close date: the deal has no close date yet
        Response blocked = tryAction(deal, "move", "{\"stageId\":\"" + stageId(pipeline, "Proposal") + "\"}");
        assertFieldError(blocked, "expectedCloseDate");
        assertThat(blocked.json().get("detail").asString()).contains("Proposal");

        Response updated = api.patch("/api/deals/" + id, "{\"expectedCloseDate\":\"2026-12-15\",\"amount\":1500}",
                Map.of("If-Match", "\"0\""));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        deal = updated.json();
        assertThat(deal.get("version").asLong()).isEqualTo(1);

        // skipping Qualified is allowed
        deal = action(deal, "move", "{\"stageId\":\"" + stageId(pipeline, "Proposal") + "\"}");
        assertThat(deal.get("stage").get("name").asString()).isEqualTo("Proposal");

        assertFieldError(tryAction(deal, "lose", "{}"), "reason");
        assertFieldError(tryAction(deal, "lose", "{\"reason\":\"Bad weather\"}"), "reason");
        deal = action(deal, "lose", "{\"reason\":\"Price\",\"note\":\"too expensive\"}");
        assertThat(deal.get("status").asString()).isEqualTo("lost");
        assertThat(deal.get("lostReason").asString()).isEqualTo("Price");
        assertThat(deal.get("closedAt").isNull()).isFalse();

        assertProblem(tryAction(deal, "move", "{\"stageId\":\"" + stageId(pipeline, "Lead") + "\"}"), 409, "reopen");
        assertProblem(tryAction(deal, "win", "{}"), 409, "lost");

        deal = action(deal, "reopen", "{}");
        assertThat(deal.get("stage").get("name").asString()).isEqualTo("Proposal");
        assertThat(deal.get("lostReason").isNull()).isTrue();
        deal = action(deal, "win", "{}");
        assertThat(deal.get("status").asString()).isEqualTo("won");
        assertThat(deal.get("version").asLong()).isEqualTo(5);

        JsonNode history = api.get("/api/deals/" + id + "/history").json().get("stageChanges");
        assertThat(history.valueStream().map(h -> h.get("toStageName").asString()).toList())
                .containsExactly("Lead", "Proposal", "Lost", "Proposal", "Won");
        assertThat(history.get(0).get("fromStageId").isNull()).isTrue();
        assertThat(history.get(1).get("fromStageName").asString()).isEqualTo("Lead");
        assertThat(history.get(1).get("secondsInPreviousStage").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(history.get(1).get("by").asString()).isNotBlank();
        assertThat(history.get(1).get("at").asString()).isNotBlank();

        Response deleted = api.delete("/api/deals/" + id, Map.of("If-Match", "\"5\""));
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/api/deals/" + id).status()).isEqualTo(404);

        events.awaitEvent(ofType("pulse.deal.deleted.v1", id));
        List<ConsumerRecord<String, String>> records = events.records().stream().filter(r -> id.equals(r.key())).toList();
        assertThat(records).allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        List<EventEnvelope> dealEvents = records.stream().map(r -> EventJson.read(r.value())).toList();
        assertThat(dealEvents).extracting(EventEnvelope::type).containsExactly(
                "pulse.deal.created.v1", "pulse.deal.updated.v1", "pulse.deal.stage_changed.v1", "pulse.deal.lost.v1",
                "pulse.deal.reopened.v1", "pulse.deal.won.v1", "pulse.deal.deleted.v1");
        assertThat(dealEvents).extracting(EventEnvelope::aggregateVersion).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        EventEnvelope update = dealEvents.get(1);
        assertThat(update.data().at("/changes/amount/from").decimalValue()).isEqualByComparingTo("1200.5");
        assertThat(update.data().at("/changes/amount/to").decimalValue()).isEqualByComparingTo("1500");
        EventEnvelope moved = dealEvents.get(2);
        assertThat(moved.data().at("/previousStage/name").asString()).isEqualTo("Lead");
        assertThat(moved.data().at("/newStage/name").asString()).isEqualTo("Proposal");
        assertThat(moved.data().at("/deal/amount").decimalValue()).isEqualByComparingTo("1500");
        assertThat(dealEvents.get(3).data().at("/reason").asString()).isEqualTo("Price");
        assertThat(dealEvents.get(5).data().at("/previousStage/name").asString()).isEqualTo("Proposal");
    }

    @Test
    void aDealCannotMoveToAStageOfAnotherPipeline() {
        JsonNode first = createSalesPipeline("First");
        JsonNode second = createSalesPipeline("Second");
        JsonNode deal = createDeal(first.get("id").asString(), "{\"title\":\"Cross\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\"}");

        Response response = tryAction(deal, "move", "{\"stageId\":\"" + stageId(second, "Qualified") + "\"}");

        assertFieldError(response, "stageId");
        assertThat(response.json().at("/errors/0/message").asString()).contains("not a stage of the deal's pipeline");
        assertFieldError(tryAction(deal, "move", "{\"stageId\":\"" + stageId(first, "Won") + "\"}"), "stageId");
        assertFieldError(tryAction(deal, "win", "{\"stageId\":\"" + stageId(second, "Won") + "\"}"), "stageId");
        assertThat(api.get("/api/deals/" + deal.get("id").asString()).json().get("version").asLong()).isZero();
    }

    @Test
    void aDealMovesToANamedStageOfAnotherPipeline() {
        JsonNode from = createSalesPipeline("Moving from");
        JsonNode to = createSalesPipeline("Moving to");
        String fromId = from.get("id").asString();
        String toId = to.get("id").asString();
        JsonNode deal = createDeal(fromId, "{\"title\":\"Mover\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u-mover\",\"amount\":500,\"currency\":\"EUR\"}");
        deal = action(deal, "move", "{\"stageId\":\"" + stageId(from, "Qualified") + "\"}");
        String id = deal.get("id").asString();

        // the target stage's required fields apply
        assertFieldError(tryAction(deal, "move", move(to, "Proposal")), "expectedCloseDate");
        assertFieldError(tryAction(deal, "move", "{\"pipelineId\":\"nope\",\"stageId\":\"" + stageId(to, "Lead") + "\"}"), "pipelineId");
        Response foreignStage = tryAction(deal, "move", "{\"pipelineId\":\"" + toId + "\",\"stageId\":\"" + stageId(from, "Lead") + "\"}");
        assertFieldError(foreignStage, "stageId");
        assertThat(foreignStage.json().at("/errors/0/message").asString()).contains("not a stage of pipeline " + toId);
        assertFieldError(tryAction(deal, "move", move(to, "Won")), "stageId");
        assertFieldError(tryAction(deal, "move", "{\"pipelineId\":\"" + toId + "\"}"), "stageId");
        assertThat(api.get("/api/deals/" + id).json().get("version").asLong()).isEqualTo(deal.get("version").asLong());

        JsonNode moved = action(deal, "move", move(to, "Negotiation"));
        assertThat(moved.get("pipelineId").asString()).isEqualTo(toId);
        assertThat(moved.at("/stage/name").asString()).isEqualTo("Negotiation");
        assertThat(moved.at("/stage/probability").asInt()).isEqualTo(80);
        assertThat(moved.get("version").asLong()).isEqualTo(deal.get("version").asLong() + 1);
        assertProblem(tryAction(deal, "move", move(to, "Lead")), 409, "version");

        JsonNode last = api.get("/api/deals/" + id + "/history").json().get("stageChanges").get(2);
        assertThat(last.get("fromStageId").asString()).isEqualTo(stageId(from, "Qualified"));
        assertThat(last.get("toStageId").asString()).isEqualTo(stageId(to, "Negotiation"));
        assertThat(last.get("fromPipelineId").asString()).isEqualTo(fromId);
        assertThat(last.get("toPipelineId").asString()).isEqualTo(toId);
        assertThat(last.get("reason").asString()).isEqualTo("moved");

        EventEnvelope changed = events.awaitEvent(e -> e.subject().equals(id) && e.type().equals("pulse.deal.stage_changed.v1")
                && e.data().at("/newPipeline/id").asString().equals(toId));
        assertThat(changed.data().at("/previousPipeline/id").asString()).isEqualTo(fromId);
        assertThat(changed.data().at("/previousPipeline/name").asString()).isEqualTo("Moving from");
        assertThat(changed.data().at("/previousStage/name").asString()).isEqualTo("Qualified");
        assertThat(changed.data().at("/newStage/name").asString()).isEqualTo("Negotiation");
        assertThat(changed.data().at("/deal/pipelineId").asString()).isEqualTo(toId);
        assertThat(events.records()).filteredOn(r -> id.equals(r.key())).allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));

        assertThat(api.get("/api/deals?pipelineId=" + fromId).json().get("items").size()).isZero();
        assertThat(api.get("/api/deals?pipelineId=" + toId).json().at("/items/0/id").asString()).isEqualTo(id);
        awaitStatistics();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(api.get("/api/deals/board?pipelineId=" + fromId).json().at("/stages/1/count").asLong()).isZero();
            JsonNode board = api.get("/api/deals/board?pipelineId=" + toId).json();
            assertThat(board.at("/stages/3/count").asLong()).isEqualTo(1);
            assertThat(board.at("/stages/3/cards/0/id").asString()).isEqualTo(id);
            assertThat(api.get("/api/pipelines/" + toId + "/analytics").json().at("/openValue/EUR").decimalValue())
                    .isEqualByComparingTo("500");
        });

        // a closed deal is reopened before it moves
        JsonNode won = action(moved, "win", "{}");
        assertProblem(tryAction(won, "move", "{\"pipelineId\":\"" + fromId + "\",\"stageId\":\"" + stageId(from, "Lead") + "\"}"), 409, "reopen");
        // the emptied pipeline can go
        assertThat(api.delete("/api/pipelines/" + fromId, Map.of("If-Match", "\"" + from.get("version").asLong() + "\"")).status())
                .isEqualTo(204);
    }

    private static String move(JsonNode pipeline, String stage) {
        return "{\"pipelineId\":\"" + pipeline.get("id").asString() + "\",\"stageId\":\"" + stageId(pipeline, stage) + "\"}";
    }

    @Test
    void aDealCannotBeCreatedInAStageWhoseRequiredFieldsAreMissing() {
        JsonNode pipeline = createSalesPipeline("Required");
        Response response = api.post("/api/deals", """
                {"title":"Early","pipelineId":"%s","ownerId":"u","stageId":"%s","amount":10,"currency":"USD"}"""
                .formatted(pipeline.get("id").asString(), stageId(pipeline, "Proposal")));

        assertFieldError(response, "expectedCloseDate");

        JsonNode deal = createDeal(pipeline.get("id").asString(), """
                {"title":"Ready","pipelineId":"$PIPELINE","ownerId":"u","stageId":"%s","amount":10,"currency":"USD",
                 "expectedCloseDate":"2027-01-31"}""".formatted(stageId(pipeline, "Proposal")));
        // clearing a field the current stage requires is refused too
        Response cleared = api.patch("/api/deals/" + deal.get("id").asString(), "{\"amount\":null}", Map.of("If-Match", "\"0\""));
        assertFieldError(cleared, "amount");
    }

    @Test
    void staleOrMissingVersionsAreRefused() {
        JsonNode pipeline = createSalesPipeline("Versions");
        JsonNode deal = createDeal(pipeline.get("id").asString(), "{\"title\":\"V\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\"}");
        String id = deal.get("id").asString();
        action(deal, "move", "{\"stageId\":\"" + stageId(pipeline, "Qualified") + "\"}");

        Response stale = tryAction(deal, "move", "{\"stageId\":\"" + stageId(pipeline, "Negotiation") + "\"}");
        assertProblem(stale, 409, "version");
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(api.patch("/api/deals/" + id, "{\"title\":\"X\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(409);
        assertThat(api.patch("/api/deals/" + id, "{\"title\":\"X\"}", Map.of()).status()).isEqualTo(428);
        assertThat(api.post("/api/deals/" + id + "/win", "{}").status()).isEqualTo(428);
        assertThat(api.delete("/api/deals/" + id, Map.of("If-Match", "\"0\"")).status()).isEqualTo(409);
        assertThat(api.get("/api/deals/" + id).json().get("stage").get("name").asString()).isEqualTo("Qualified");
    }

    @Test
    void concurrentMovesFromTheSameVersionLetExactlyOneWin() throws Exception {
        JsonNode pipeline = createSalesPipeline("Concurrent");
        JsonNode deal = createDeal(pipeline.get("id").asString(), "{\"title\":\"C\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\"}");
        List<Callable<Integer>> movers = new ArrayList<>();
        for (String stage : List.of("Qualified", "Negotiation", "Qualified", "Negotiation", "Qualified", "Negotiation")) {
            movers.add(() -> tryAction(deal, "move", "{\"stageId\":\"" + stageId(pipeline, stage) + "\"}").status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> status : pool.invokeAll(movers)) {
                statuses.add(status.get());
            }
        }
        assertThat(statuses).containsOnly(200, 409).filteredOn(s -> s == 200).hasSize(1);
        JsonNode history = api.get("/api/deals/" + deal.get("id").asString() + "/history").json().get("stageChanges");
        assertThat(history.size()).isEqualTo(2);
    }

    @Test
    void aRetriedCreateOrWinWithTheSameIdempotencyKeyHappensOnce() {
        JsonNode pipeline = createSalesPipeline("Idempotent");
        String body = "{\"title\":\"Once\",\"pipelineId\":\"" + pipeline.get("id").asString() + "\",\"ownerId\":\"u\"}";
        Response first = api.post("/api/deals", body, Map.of("Idempotency-Key", "deal-once-" + port));
        Response retry = api.post("/api/deals", body, Map.of("Idempotency-Key", "deal-once-" + port));
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        String id = first.json().get("id").asString();

        Map<String, String> headers = Map.of("If-Match", "\"0\"", "Idempotency-Key", "win-once-" + port,
                "Content-Type", "application/json");
        assertThat(api.send("POST", "/api/deals/" + id + "/win", "{}", headers).status()).isEqualTo(200);
        Response replayed = api.send("POST", "/api/deals/" + id + "/win", "{}", headers);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/api/deals?pipelineId=" + pipeline.get("id").asString()).json().get("items").size()).isEqualTo(1);
        assertThat(api.get("/api/deals/" + id + "/history").json().get("stageChanges").size()).isEqualTo(2);
    }

    @Test
    void customFieldsAreKeptAndMergePatchedKeyByKey() {
        JsonNode pipeline = createSalesPipeline("Custom");
        JsonNode deal = createDeal(pipeline.get("id").asString(), """
                {"title":"Custom","pipelineId":"$PIPELINE","ownerId":"u",
                 "customFields":{"region":" EMEA ","seats":250,"discount":12.5,"renewal":true,"empty":null}}""");
        String id = deal.get("id").asString();
        assertThat(deal.at("/customFields/region").asString()).isEqualTo("EMEA");
        assertThat(deal.at("/customFields/seats").asLong()).isEqualTo(250);
        assertThat(deal.get("customFields").has("empty")).isFalse();

        Response patched = api.patch("/api/deals/" + id, "{\"customFields\":{\"seats\":300,\"renewal\":null}}",
                Map.of("If-Match", "\"0\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        JsonNode read = api.get("/api/deals/" + id).json();
        assertThat(read.at("/customFields/seats").asLong()).isEqualTo(300);
        assertThat(read.at("/customFields/discount").asDouble()).isEqualTo(12.5);
        assertThat(read.at("/customFields/region").asString()).isEqualTo("EMEA");
        assertThat(read.get("customFields").has("renewal")).isFalse();
        // the same values again change nothing
        Response same = api.patch("/api/deals/" + id, "{\"customFields\":{\"seats\":300}}", Map.of("If-Match", "\"1\""));
        assertThat(same.header("ETag")).isEqualTo("\"1\"");

        assertFieldError(api.patch("/api/deals/" + id, "{\"customFields\":{\"$where\":\"x\"}}", Map.of("If-Match", "\"1\"")), "customFields.$where");
        assertFieldError(api.patch("/api/deals/" + id, "{\"customFields\":{\"a.b\":\"x\"}}", Map.of("If-Match", "\"1\"")), "customFields.a.b");
        assertFieldError(api.patch("/api/deals/" + id, "{\"customFields\":{\"nested\":{\"x\":1}}}", Map.of("If-Match", "\"1\"")), "customFields.nested");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"" + pipeline.get("id").asString()
                + "\",\"ownerId\":\"u\",\"customFields\":{\"list\":[1]}}"), "customFields.list");

        EventEnvelope updated = events.awaitEvent(ofType("pulse.deal.updated.v1", id));
        assertThat(updated.data().at("/changes/customFields/from/seats").asLong()).isEqualTo(250);
        assertThat(updated.data().at("/changes/customFields/to/seats").asLong()).isEqualTo(300);
        assertThat(events.records()).filteredOn(r -> id.equals(r.key())).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void badInputIsAnsweredWithAProblemThatSaysWhatIsWrong() {
        JsonNode pipeline = createSalesPipeline("BadInput");
        String p = pipeline.get("id").asString();
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"amount\":-5,\"currency\":\"USD\"}".formatted(p)), "amount");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"amount\":5,\"currency\":\"ABC\"}".formatted(p)), "currency");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"amount\":5,\"currency\":\"dollars\"}".formatted(p)), "currency");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"amount\":5}".formatted(p)), "currency");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"amount\":5.5,\"currency\":\"JPY\"}".formatted(p)), "amount");
        assertFieldError(api.post("/api/deals", "{\"pipelineId\":\"%s\"}".formatted(p)), "title");
        // a user's deal defaults to them; a partner client has no default and must name the owner
        assertFieldError(apiAsClient("partner-crm", "deals:write").post("/api/deals",
                "{\"title\":\"N\",\"pipelineId\":\"%s\"}".formatted(p)), "ownerId");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"nobody-known\"}".formatted(p)), "ownerId");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"ownerId\":\"u\"}"), "pipelineId");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"ownerId\":\"u\",\"pipelineId\":\"nope\"}"), "pipelineId");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"contacts\":[{\"contactId\":\"c\",\"role\":\"boss\"}]}".formatted(p)), "contacts[0].role");
        assertProblem(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"amount\":\"5\"}".formatted(p)), 400, "amount");
        assertProblem(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"expectedCloseDate\":\"tomorrow\"}".formatted(p)), 400, "expectedCloseDate");
        assertProblem(api.post("/api/deals", "{\"title\":\"N\",\"$where\":\"1\"}"), 400, "Unknown field '$where'");
        assertProblem(api.post("/api/deals", "{\"title\": "), 400, "not valid JSON");

        JsonNode deal = createDeal(p, "{\"title\":\"Patch\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\"}");
        String id = deal.get("id").asString();
        assertFieldError(api.patch("/api/deals/" + id, "{\"stageId\":\"x\"}", Map.of("If-Match", "\"0\"")), "stageId");
        assertFieldError(api.patch("/api/deals/" + id, "{\"a.b\":\"x\"}", Map.of("If-Match", "\"0\"")), "a.b");
        assertFieldError(api.patch("/api/deals/" + id, "{\"amount\":\"7\"}", Map.of("If-Match", "\"0\"")), "amount");
        assertFieldError(api.patch("/api/deals/" + id, "{\"amount\":-7,\"currency\":\"USD\"}", Map.of("If-Match", "\"0\"")), "amount");
        assertFieldError(api.patch("/api/deals/" + id, "{\"title\":null}", Map.of("If-Match", "\"0\"")), "title");
        // issue #15: numbers no double holds are refused by field, on create and on change alike, never a 500
        assertFieldError(api.patch("/api/deals/" + id, "{\"amount\":1e309}", Map.of("If-Match", "\"0\"")), "amount");
        assertFieldError(api.patch("/api/deals/" + id, "{\"customFields\":{\"k\":1e309}}", Map.of("If-Match", "\"0\"")),
                "customFields.k");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"customFields\":{\"k\":1e309}}"
                .formatted(p)), "customFields.k");
        assertFieldError(api.post("/api/deals", "{\"title\":\"N\",\"pipelineId\":\"%s\",\"ownerId\":\"u\",\"contacts\":[null]}"
                .formatted(p)), "contacts[0]");
        Response asArray = api.post("/api/deals", "[]");
        assertProblem(asArray, 400, "The body must be an object");
        assertThat(asArray.body()).doesNotContain("io.pulsecrm").doesNotContain("CreateDeal");
        assertFieldError(tryAction(deal, "move", "{}"), "stageId");
        assertProblem(tryAction(deal, "reopen", "{}"), 409, "open");
        assertProblem(api.get("/api/deals?limit=0"), 400, "");
        assertProblem(api.get("/api/deals?sort=title"), 400, "");
        assertProblem(api.get("/api/deals?status=maybe"), 400, "");
        assertProblem(api.get("/api/deals?cursor=%25%25"), 400, "");
        assertProblem(api.get("/api/deals?closeFrom=2026-13-01"), 400, "closeFrom");
        assertThat(api.get("/api/deals/" + id).json().get("version").asLong()).isZero();
        assertThat(api.get("/api/deals/0190f4c2-0000-7000-8000-000000000000").status()).isEqualTo(404);
    }
}

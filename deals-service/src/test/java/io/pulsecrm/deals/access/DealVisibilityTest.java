package io.pulsecrm.deals.access;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static io.pulsecrm.platform.test.TestIdentity.ADMIN;
import static io.pulsecrm.platform.test.TestIdentity.EAST_MANAGER;
import static io.pulsecrm.platform.test.TestIdentity.EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.OTHER_EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.WEST_MANAGER;
import static io.pulsecrm.platform.test.TestIdentity.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who sees and changes which deals (docs/identity.md): reps their own, managers their team's, admins and partner
 * clients all; hidden deals answer 404 and count nowhere (lists, board, analytics). Pipelines are admin-only
 * configuration. Reassignment rules, the owner-change event and the record history.
 */
class DealVisibilityTest extends DealsApiTestBase {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** ada (east) 100 EUR, bob (east) 20 EUR, cleo (west) 3 EUR, all in Lead of a fresh pipeline, same company. */
    private record Fixture(String pipelineId, String company, JsonNode ada, JsonNode bob, JsonNode cleo) {
    }

    private Fixture threeRepsDeals() {
        String p = createSalesPipeline("Visibility " + UUID.randomUUID()).get("id").asString();
        String company = "co-" + UUID.randomUUID();
        // no ownerId: the deal is the caller's
        JsonNode ada = create(apiAs(EAST_REP), p, "Ada's", 100, company);
        JsonNode bob = create(apiAs(OTHER_EAST_REP), p, "Bob's", 20, company);
        JsonNode cleo = create(apiAs(WEST_REP), p, "Cleo's", 3, company);
        assertThat(ada.get("ownerId").asString()).isEqualTo(EAST_REP);
        assertThat(cleo.get("ownerId").asString()).isEqualTo(WEST_REP);
        return new Fixture(p, company, ada, bob, cleo);
    }

    private static JsonNode create(ApiClient as, String pipelineId, String title, int amount, String company) {
        Response created = as.post("/api/deals", """
                {"title":"%s","pipelineId":"%s","amount":%d,"currency":"EUR","companyId":"%s"}"""
                .formatted(title, pipelineId, amount, company));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static Map<String, String> ifMatch(JsonNode deal) {
        return Map.of("If-Match", "\"" + deal.get("version").asLong() + "\"");
    }

    private static String id(JsonNode deal) {
        return deal.get("id").asString();
    }

    private static List<String> titles(Response list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().get("items").valueStream().map(d -> d.get("title").asString()).toList();
    }

    @Test
    void aRepCannotReadListOrChangeAnotherRepsDeal() {
        Fixture f = threeRepsDeals();
        ApiClient ada = apiAs(EAST_REP);
        String bobs = "/api/deals/" + id(f.bob());

        for (Response hidden : List.of(ada.get(bobs), ada.get(bobs + "/history"),
                ada.patch(bobs, "{\"title\":\"Mine now\"}", ifMatch(f.bob())),
                ada.post(bobs + "/move", "{\"stageId\":\"x\"}", ifMatch(f.bob())),
                ada.post(bobs + "/win", "{}", ifMatch(f.bob())),
                ada.delete(bobs, ifMatch(f.bob())))) {
            assertProblem(hidden, 404, "does not exist");
        }
        assertThat(api.get(bobs).json().get("title").asString()).isEqualTo("Bob's"); // unchanged
        assertThat(titles(ada.get("/api/deals?pipelineId=" + f.pipelineId()))).containsExactly("Ada's");
        assertThat(titles(ada.get("/api/deals?companyId=" + f.company()))).containsExactly("Ada's");
        assertThat(titles(ada.get("/api/deals?pipelineId=" + f.pipelineId() + "&ownerId=" + OTHER_EAST_REP))).isEmpty();
        // cursor pages stay full: the restriction is in the query
        Response first = ada.get("/api/deals?companyId=" + f.company() + "&limit=1");
        assertThat(titles(first)).containsExactly("Ada's");
        assertThat(first.json().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void boardAndAnalyticsCountOnlyTheCallersVisibleDeals() {
        Fixture f = threeRepsDeals();
        String p = f.pipelineId();
        awaitStatistics();
        record Expected(String user, long count, String eur, List<String> cards) {
        }
        List<Expected> expectations = List.of(
                new Expected(EAST_REP, 1, "100", List.of("Ada's")),
                new Expected(OTHER_EAST_REP, 1, "20", List.of("Bob's")),
                new Expected(EAST_MANAGER, 2, "120", List.of("Ada's", "Bob's")),
                new Expected(WEST_MANAGER, 1, "3", List.of("Cleo's")),
                new Expected(ADMIN, 3, "123", List.of("Ada's", "Bob's", "Cleo's")));
        await().atMost(WAIT).untilAsserted(() -> {
            for (Expected e : expectations) {
                ApiClient as = apiAs(e.user());
                JsonNode lead = as.get("/api/deals/board?pipelineId=" + p).json().at("/stages/0");
                assertThat(lead.get("count").asLong()).as(e.user() + " board").isEqualTo(e.count());
                assertThat(lead.at("/amount/EUR").decimalValue()).as(e.user()).isEqualByComparingTo(e.eur());
                assertThat(lead.get("cards").valueStream().map(c -> c.get("title").asString()).toList())
                        .as(e.user()).containsExactlyElementsOf(e.cards());
                JsonNode analytics = as.get("/api/pipelines/" + p + "/analytics").json();
                assertThat(analytics.get("openDeals").asLong()).as(e.user() + " analytics").isEqualTo(e.count());
                assertThat(analytics.at("/openValue/EUR").decimalValue()).as(e.user()).isEqualByComparingTo(e.eur());
            }
            // naming another team's owner shows nothing rather than their figures
            JsonNode cleosForMaria = apiAs(EAST_MANAGER).get("/api/pipelines/" + p + "/analytics?ownerId=" + WEST_REP).json();
            assertThat(cleosForMaria.get("openDeals").asLong()).isZero();
            assertThat(apiAs(EAST_REP).get("/api/deals/board?pipelineId=" + p + "&ownerId=" + OTHER_EAST_REP).json()
                    .at("/stages/0/count").asLong()).isZero();
            // a team is its members: the admin's east figures are ada's and bob's, the leaderboard one row each
            JsonNode east = apiAs(ADMIN).get("/api/pipelines/" + p + "/analytics?teamId=east").json();
            assertThat(east.get("openDeals").asLong()).isEqualTo(2);
            assertThat(east.at("/openValue/EUR").decimalValue()).isEqualByComparingTo("120");
            assertThat(east.get("teamId").asString()).isEqualTo("east");
            assertThat(east.get("owners").valueStream().map(o -> o.get("ownerId").asString() + " " + o.get("openDeals").asLong()
                    + " " + o.at("/openValue/EUR").decimalValue().stripTrailingZeros().toPlainString()))
                    .containsExactly("ada 1 100", "bob 1 20");
            // a team filter never widens what the caller sees: maria gets nothing of west, and team and owner combine
            assertThat(apiAs(EAST_MANAGER).get("/api/pipelines/" + p + "/analytics?teamId=west").json()
                    .get("openDeals").asLong()).isZero();
            assertThat(apiAs(ADMIN).get("/api/pipelines/" + p + "/analytics?teamId=east&ownerId=" + WEST_REP).json()
                    .get("openDeals").asLong()).isZero();
            assertThat(apiAs(ADMIN).get("/api/pipelines/" + p + "/analytics?teamId=east&ownerId=" + OTHER_EAST_REP).json()
                    .get("openDeals").asLong()).isEqualTo(1);
        });
        assertFieldError(apiAs(ADMIN).get("/api/pipelines/" + p + "/analytics?teamId=nowhere"), "teamId");
    }

    @Test
    void managersSeeTheirTeamsDealsAndAdminsSeeAll() {
        Fixture f = threeRepsDeals();
        String list = "/api/deals?pipelineId=" + f.pipelineId();
        assertThat(titles(apiAs(EAST_MANAGER).get(list))).containsExactly("Ada's", "Bob's");
        assertThat(titles(apiAs(WEST_MANAGER).get(list))).containsExactly("Cleo's");
        assertThat(titles(api.get(list))).containsExactly("Ada's", "Bob's", "Cleo's");
        assertProblem(apiAs(EAST_MANAGER).get("/api/deals/" + id(f.cleo())), 404, "does not exist");
        assertThat(apiAs(EAST_MANAGER).get("/api/deals/" + id(f.bob())).status()).isEqualTo(200);

        // a manager changes a team member's deal; not another team's
        Response renamed = apiAs(EAST_MANAGER).patch("/api/deals/" + id(f.bob()), "{\"title\":\"Bob's (checked)\"}", ifMatch(f.bob()));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertProblem(apiAs(EAST_MANAGER).delete("/api/deals/" + id(f.cleo()), ifMatch(f.cleo())), 404, "does not exist");
        assertThat(apiAs(WEST_MANAGER).delete("/api/deals/" + id(f.cleo()), ifMatch(f.cleo())).status()).isEqualTo(204);
    }

    @Test
    void aNewDealBelongsToItsOwnersTeamUnlessOneIsNamedSoTeamBoardsFindIt() {
        Fixture f = threeRepsDeals();
        assertThat(f.ada().get("teamId").asString()).isEqualTo("east");
        assertThat(f.cleo().get("teamId").asString()).isEqualTo("west");
        Response named = apiAs(EAST_REP).post("/api/deals", """
                {"title":"Named team","pipelineId":"%s","teamId":"key-accounts"}""".formatted(f.pipelineId()));
        assertThat(named.status()).as(named.toString()).isEqualTo(201);
        assertThat(named.json().get("teamId").asString()).isEqualTo("key-accounts");
        Response forAda = api.post("/api/deals", """
                {"title":"Given to Ada","pipelineId":"%s","ownerId":"%s"}""".formatted(f.pipelineId(), EAST_REP));
        assertThat(forAda.json().get("teamId").asString()).as("the owner's team, not the admin's").isEqualTo("east");

        awaitStatistics();
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode west = api.get("/api/deals/board?pipelineId=" + f.pipelineId() + "&teamId=west").json().at("/stages/0");
            assertThat(west.get("count").asLong()).isEqualTo(1);
            assertThat(west.get("cards").valueStream().map(c -> c.get("title").asString()).toList()).containsExactly("Cleo's");
            JsonNode east = api.get("/api/deals/board?pipelineId=" + f.pipelineId() + "&teamId=east").json().at("/stages/0");
            assertThat(east.get("count").asLong()).isEqualTo(3);
        });
    }

    @Test
    void partnerClientsNeedTheDealsScopesAndPipelinesAreAdminConfiguration() {
        Fixture f = threeRepsDeals();
        String p = f.pipelineId();
        ApiClient reader = apiAsClient("partner-bi", "deals:read");
        assertThat(titles(reader.get("/api/deals?pipelineId=" + p))).hasSize(3);
        assertThat(reader.get("/api/deals/" + id(f.cleo())).status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(reader.get("/api/pipelines/" + p + "/analytics").json().get("openDeals").asLong()).isEqualTo(3));
        String body = "{\"title\":\"ERP\",\"pipelineId\":\"" + p + "\",\"ownerId\":\"" + WEST_REP + "\"}";
        assertProblem(reader.post("/api/deals", body), 403, "");
        assertProblem(reader.patch("/api/deals/" + id(f.ada()), "{\"title\":\"x\"}", ifMatch(f.ada())), 403, "");
        assertThat(apiAsClient("partner-tasks", "tasks:read").get("/api/deals/" + id(f.ada())).status()).isEqualTo(403);

        ApiClient writer = apiAsClient("partner-erp", "deals:read", "deals:write");
        Response created = writer.post("/api/deals", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        EventEnvelope event = events.awaitEvent(ofType("pulse.deal.created.v1", created.json().get("id").asString()));
        assertThat(event.actor()).isEqualTo("client:partner-erp");

        // pipelines: everyone reads them, only admins change them (clients neither)
        String pipelineBody = "{\"name\":\"Mine\",\"stages\":[{\"name\":\"A\",\"probability\":10},{\"name\":\"W\",\"kind\":\"won\"},{\"name\":\"L\",\"kind\":\"lost\"}]}";
        assertThat(apiAs(EAST_REP).get("/api/pipelines/" + p).status()).isEqualTo(200);
        assertThat(apiAs(EAST_REP).get("/api/pipelines").status()).isEqualTo(200);
        assertProblem(apiAs(EAST_MANAGER).post("/api/pipelines", pipelineBody), 403, "");
        assertProblem(writer.post("/api/pipelines", pipelineBody), 403, "");
        assertProblem(apiAs(EAST_REP).patch("/api/pipelines/" + p, "{\"name\":\"x\"}", Map.of("If-Match", "\"1\"")), 403, "");
        assertProblem(apiAs(EAST_REP).delete("/api/pipelines/" + p, Map.of("If-Match", "\"1\"")), 403, "");
        assertProblem(apiAs(EAST_MANAGER).get("/api/pipelines/" + p + "/history"), 403, "");
        assertProblem(apiAs(EAST_REP).post("/api/deals/stats/rebuild", "{}"), 403, "");
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode history = api.get("/api/pipelines/" + p + "/history").json();
            assertThat(history.at("/items/0/type").asString()).isEqualTo("pulse.pipeline.created.v1");
            assertThat(history.at("/items/0/actor").asString()).isEqualTo(ADMIN);
        });
    }

    @Test
    void reassignmentFollowsTheRulesIsAnEventAndShowsInTheHistory() {
        String p = createSalesPipeline("Reassign " + UUID.randomUUID()).get("id").asString();
        ApiClient ada = apiAs(EAST_REP);
        JsonNode deal = create(ada, p, "Handover", 10, "co-" + UUID.randomUUID());
        String path = "/api/deals/" + id(deal);

        // reps keep their deals to themselves, on create and after
        assertProblem(ada.post("/api/deals", "{\"title\":\"For Bob\",\"pipelineId\":\"" + p + "\",\"ownerId\":\"" + OTHER_EAST_REP + "\"}"), 403, "");
        assertProblem(ada.patch(path, "{\"ownerId\":\"" + OTHER_EAST_REP + "\"}", ifMatch(deal)), 403, "");
        // managers within their team only; unknown users are a bad request
        assertProblem(apiAs(EAST_MANAGER).patch(path, "{\"ownerId\":\"" + WEST_REP + "\"}", ifMatch(deal)), 403, "");
        assertFieldError(apiAs(EAST_MANAGER).patch(path, "{\"ownerId\":\"ghost-" + UUID.randomUUID() + "\"}", ifMatch(deal)), "ownerId");
        assertThat(api.get(path).json().get("ownerId").asString()).isEqualTo(EAST_REP);

        Response moved = apiAs(EAST_MANAGER).patch(path, "{\"ownerId\":\"" + OTHER_EAST_REP + "\"}", ifMatch(deal));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("ownerId").asString()).isEqualTo(OTHER_EAST_REP);
        EventEnvelope updated = events.awaitEvent(e -> e.type().equals("pulse.deal.updated.v1") && e.subject().equals(id(deal))
                && e.data().has("changes") && e.data().get("changes").has("ownerId"));
        assertThat(updated.actor()).isEqualTo(EAST_MANAGER);
        assertThat(updated.data().at("/changes/ownerId/from").asString()).isEqualTo(EAST_REP);
        assertThat(updated.data().at("/changes/ownerId/to").asString()).isEqualTo(OTHER_EAST_REP);
        assertThat(updated.data().at("/deal/ownerId").asString()).isEqualTo(OTHER_EAST_REP);

        // the deal left ada's sight with its owner; bob sees it now
        assertProblem(ada.get(path), 404, "does not exist");
        assertThat(apiAs(OTHER_EAST_REP).get(path).status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode history = apiAs(OTHER_EAST_REP).get(path + "/history").json();
            JsonNode newest = history.at("/items/0");
            assertThat(newest.get("type").asString()).isEqualTo("pulse.deal.updated.v1");
            assertThat(newest.get("actor").asString()).isEqualTo(EAST_MANAGER);
            JsonNode change = newest.get("changes").valueStream().filter(c -> c.get("field").asString().equals("ownerId"))
                    .findFirst().orElseThrow();
            assertThat(change.get("from").asString()).isEqualTo(EAST_REP);
            assertThat(change.get("to").asString()).isEqualTo(OTHER_EAST_REP);
            assertThat(history.at("/items/1/actor").asString()).isEqualTo(EAST_REP); // created
            assertThat(history.at("/stageChanges/0/reason").asString()).isEqualTo("created");
        });
        assertProblem(ada.get(path + "/history"), 404, "does not exist");

        // admins give deals to anyone
        JsonNode current = api.get(path).json();
        Response toWest = api.patch(path, "{\"ownerId\":\"" + WEST_REP + "\"}", ifMatch(current));
        assertThat(toWest.status()).as(toWest.toString()).isEqualTo(200);
        assertThat(apiAs(WEST_MANAGER).get(path).status()).isEqualTo(200);
        assertProblem(apiAs(EAST_MANAGER).get(path), 404, "does not exist");
    }
}

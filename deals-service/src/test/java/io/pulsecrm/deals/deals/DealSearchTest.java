package io.pulsecrm.deals.deals;

import static io.pulsecrm.platform.test.TestIdentity.EAST_MANAGER;
import static io.pulsecrm.platform.test.TestIdentity.EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.OTHER_EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/deals?q=}: a case- and accent-insensitive prefix of a word of the title, within what the caller sees. */
class DealSearchTest extends DealsApiTestBase {

    @Autowired
    private MongoTemplate mongo;
    @Autowired
    private DealTitleKeysBackfill backfill;

    @Test
    void findsDealsByAPrefixOfAnyWordOfTheTitleIgnoringCaseAndAccents() {
        String p = createSalesPipeline("Search " + UUID.randomUUID()).get("id").asString();
        create(apiAs(EAST_REP), p, "Émile Ångström — Renewal 2027");
        create(apiAs(OTHER_EAST_REP), p, "ÅNGSTRÖM expansion");
        create(apiAs(WEST_REP), p, "Renewal for the west");
        create(api, p, "Something else (v2.0)");

        assertThat(search(api, p, "angs")).containsExactlyInAnyOrder("Émile Ångström — Renewal 2027", "ÅNGSTRÖM expansion");
        assertThat(search(api, p, "RENEW")).containsExactlyInAnyOrder("Émile Ångström — Renewal 2027", "Renewal for the west");
        assertThat(search(api, p, "emile ångs")).as("several words, in order").containsExactly("Émile Ångström — Renewal 2027");
        assertThat(search(api, p, "angstrom exp")).containsExactly("ÅNGSTRÖM expansion");
        assertThat(search(api, p, "2027")).containsExactly("Émile Ångström — Renewal 2027");
        assertThat(search(api, p, "strom")).as("a prefix, not any substring").isEmpty();
        assertThat(search(api, p, "expansion angstrom")).as("words out of order").isEmpty();
        assertThat(search(api, p, "(v2.")).as("regex characters are plain text").containsExactly("Something else (v2.0)");
        assertThat(search(api, p, ".*")).isEmpty();
        assertThat(search(api, p, "   ")).as("a blank search is no search").hasSize(4);
    }

    @Test
    void searchOnlyFindsDealsTheCallerMaySee() {
        String p = createSalesPipeline("Search visibility " + UUID.randomUUID()).get("id").asString();
        create(apiAs(EAST_REP), p, "Globex ada");
        create(apiAs(OTHER_EAST_REP), p, "Globex bob");
        create(apiAs(WEST_REP), p, "Globex cleo");

        assertThat(search(apiAs(EAST_REP), p, "globex")).containsExactly("Globex ada");
        assertThat(search(apiAs(WEST_REP), p, "globex")).containsExactly("Globex cleo");
        assertThat(search(apiAs(EAST_MANAGER), p, "glob")).containsExactlyInAnyOrder("Globex ada", "Globex bob");
        assertThat(search(api, p, "glob")).hasSize(3);
        assertThat(search(apiAs(EAST_REP), p, "globex cleo")).as("not even by its exact title").isEmpty();
    }

    @Test
    void searchCombinesWithFiltersSortsAndPagesAndRefusesAnOverlongTerm() {
        String p = createSalesPipeline("Search paging " + UUID.randomUUID()).get("id").asString();
        for (int i = 0; i < 5; i++) {
            createDeal(p, "{\"title\":\"Initech seat " + i + "\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"o\",\"amount\":" + (10 - i)
                    + ",\"currency\":\"EUR\"}");
        }
        createDeal(p, "{\"title\":\"Initrode\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"ann\"}");

        List<String> titles = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(api.get("/api/deals?pipelineId=" + p + "&q=initech&sort=amount&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("items").forEach(item -> titles.add(item.get("title").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(titles).containsExactly("Initech seat 4", "Initech seat 3", "Initech seat 2", "Initech seat 1", "Initech seat 0");
        assertThat(search(api, p + "&ownerId=ann", "init")).containsExactly("Initrode");

        assertFieldError(api.get("/api/deals?q=" + "x".repeat(101)), "q");
    }

    @Test
    void aRenamedDealIsFoundByItsNewTitleOnly() {
        String p = createSalesPipeline("Search rename " + UUID.randomUUID()).get("id").asString();
        JsonNode deal = create(api, p, "Umbrella pilot");
        Response renamed = api.patch("/api/deals/" + deal.get("id").asString(), "{\"title\":\"Hooli rollout\"}",
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        assertThat(search(api, p, "umbrella")).isEmpty();
        assertThat(search(api, p, "rollout")).containsExactly("Hooli rollout");
        JsonNode history = ok(api.get("/api/deals/" + deal.get("id").asString() + "/history"));
        assertThat(history.toString()).as("derived keys are not history").doesNotContain("titleKeys");
    }

    @Test
    void dealsStoredBeforeSearchExistedGetTheirKeysFromTheBackfillOrTheirNextChange() {
        JsonNode pipeline = createSalesPipeline("Search backfill " + UUID.randomUUID());
        String p = pipeline.get("id").asString();
        JsonNode old = create(api, p, "Vandelay imports");
        JsonNode moved = create(api, p, "Vandelay exports");
        for (JsonNode deal : List.of(old, moved)) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(deal.get("id").asString())), new Update().unset("titleKeys"),
                    Deal.COLLECTION);
        }
        assertThat(search(api, p, "vandelay")).as("as if stored by an earlier version").isEmpty();

        // any change writes the keys, even one that does not touch the title
        action(moved, "move", "{\"stageId\":\"" + stageId(pipeline, "Qualified") + "\"}");
        assertThat(search(api, p, "vandelay")).containsExactly("Vandelay exports");

        mongo.remove(Query.query(Criteria.where("_id").is(DealTitleKeysBackfill.MARKER)), Document.class,
                DealTitleKeysBackfill.MIGRATIONS);
        backfill.run();
        assertThat(search(api, p, "vandelay")).containsExactlyInAnyOrder("Vandelay exports", "Vandelay imports");
        assertThat(mongo.findById(DealTitleKeysBackfill.MARKER, Document.class, DealTitleKeysBackfill.MIGRATIONS)).isNotNull();
    }

    private static JsonNode create(ApiClient as, String pipelineId, String title) {
        Response created = as.post("/api/deals", "{\"title\":\"" + title + "\",\"pipelineId\":\"" + pipelineId + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static List<String> search(ApiClient as, String pipelineAndFilters, String q) {
        JsonNode page = ok(as.get("/api/deals?limit=200&pipelineId=" + pipelineAndFilters + "&q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8)));
        List<String> titles = new ArrayList<>();
        page.get("items").forEach(item -> titles.add(item.get("title").asString()));
        return titles;
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}

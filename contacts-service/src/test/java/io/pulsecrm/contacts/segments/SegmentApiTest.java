package io.pulsecrm.contacts.segments;

import static io.pulsecrm.platform.test.TestIdentity.EAST_MANAGER;
import static io.pulsecrm.platform.test.TestIdentity.EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.OTHER_EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.WEST_MANAGER;
import static io.pulsecrm.platform.test.TestIdentity.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Saved segments over real HTTP: definitions and their checks, sharing, evaluation within the caller's visibility. */
class SegmentApiTest extends ServiceApiTest {

    @Autowired
    MongoTemplate mongo;

    @Test
    void aSegmentIsCreatedReadRenamedAndDeletedWithVersions() {
        String t = unique("crud");
        String tier = t + "Tier";
        assertThat(api.post("/api/custom-fields", "{\"key\":\"" + tier + "\",\"label\":\"Tier\",\"objectType\":\"contact\","
                + "\"type\":\"select\",\"options\":[\"gold\",\"silver\"]}").status()).isEqualTo(201);
        ApiClient ada = apiAs(EAST_REP);
        Response created = ada.post("/api/segments", """
                {"name":"Hot %1$s","description":"Gold leads","sharing":"team",
                 "filter":{"lifecycleStage":"lead","tag":"%1$s","cf.%2$s":"gold","sort":"-createdAt"}}""".formatted(t, tier));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/segments/" + id);
        var body = created.json();
        assertThat(body.get("ownerId").asString()).isEqualTo(EAST_REP);
        assertThat(body.get("sharing").asString()).isEqualTo("team");
        assertThat(body.get("editable").asBoolean()).isTrue();
        assertThat(body.at("/filter/lifecycleStage").asString()).isEqualTo("lead");
        assertThat(body.at("/filter/cf." + tier).asString()).isEqualTo("gold");
        assertThat(body.at("/filter/sort").asString()).isEqualTo("-createdAt");

        Response read = ada.get("/api/segments/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"0\"");
        assertThat(read.json().get("description").asString()).isEqualTo("Gold leads");

        // one name per owner, whatever the case; another owner may use it
        assertProblem(ada.post("/api/segments", "{\"name\":\"HOT " + t + "\"}"), 409, null);
        assertThat(apiAs(OTHER_EAST_REP).post("/api/segments", "{\"name\":\"Hot " + t + "\"}").status()).isEqualTo(201);

        assertThat(ada.patch("/api/segments/" + id, "{\"name\":\"Warm " + t + "\"}", Map.of()).status()).isEqualTo(428);
        assertProblem(ada.patch("/api/segments/" + id, "{\"name\":\"Warm " + t + "\"}", Map.of("If-Match", "\"7\"")), 409, null);
        assertProblem(ada.patch("/api/segments/" + id, "{\"color\":\"red\"}", Map.of("If-Match", "\"0\"")), 400, "color");
        assertProblem(ada.patch("/api/segments/" + id, "{\"sharing\":5}", Map.of("If-Match", "\"0\"")), 400, "sharing");
        assertProblem(ada.patch("/api/segments/" + id, "{\"filter\":{\"cf." + tier + "\":\"platinum\"}}", Map.of("If-Match", "\"0\"")),
                400, "filter.cf." + tier);
        Response renamed = ada.patch("/api/segments/" + id, "{\"name\":\"Warm " + t + "\",\"description\":null,"
                + "\"filter\":{\"tag\":\"" + t + "\"}}", Map.of("If-Match", "\"0\""));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.header("ETag")).isEqualTo("\"1\"");
        assertThat(renamed.json().get("name").asString()).isEqualTo("Warm " + t);
        assertThat(renamed.json().get("description").isNull()).isTrue();
        assertThat(renamed.json().get("filter").propertyNames()).containsExactly("tag");
        assertThat(renamed.json().get("sharing").asString()).isEqualTo("team"); // absent: kept

        assertProblem(ada.delete("/api/segments/" + id, Map.of("If-Match", "\"0\"")), 409, null);
        assertThat(ada.delete("/api/segments/" + id, Map.of()).status()).isEqualTo(428);
        assertThat(ada.delete("/api/segments/" + id, Map.of("If-Match", "\"1\"")).status()).isEqualTo(204);
        assertProblem(ada.get("/api/segments/" + id), 404, null);
        assertProblem(ada.get("/api/segments/" + id + "/contacts"), 404, null);
    }

    @Test
    void invalidSegmentsAreRefusedNamingTheField() {
        String t = unique("bad");
        ApiClient ada = apiAs(EAST_REP);
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"filter\":{\"colour\":\"red\"}}"), 400, "filter.colour");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"filter\":{\"cf." + t + "\":\"1\"}}"), 400, "filter.cf." + t);
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"filter\":{\"cf.$where\":\"1\"}}"), 400, "filter.cf.$where");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"filter\":{\"sort\":\"shoeSize\"}}"), 400, "filter.sort");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"filter\":{\"q\":\"" + "a".repeat(101) + "\"}}"), 400, "filter.q");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"filter\":{\"tag\":[\"a\"]}}"), 400, "filter.tag");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"filter\":\"tag=a\"}"), 400, "filter");
        assertProblem(ada.post("/api/segments", "{\"filter\":{}}"), 400, "name");
        assertProblem(ada.post("/api/segments", "{\"name\":\"" + "n".repeat(101) + "\"}"), 400, "name");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"sharing\":\"world\"}"), 400, "sharing");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"colour\":\"red\"}"), 400, "colour");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\",\"sharing\":[\"team\"]}"), 400, "sharing");
        assertProblem(ada.post("/api/segments", "{\"name\":\"x\","), 400, null);
        // nothing of it was stored
        assertThat(mongo.getCollection(Segment.COLLECTION).countDocuments(new org.bson.Document("name", "x"))).isZero();
    }

    @Test
    void sharingDecidesWhoSeesAndWhoChangesASegment() {
        String t = unique("share");
        ApiClient ada = apiAs(EAST_REP);
        String mine = create(ada, "{\"name\":\"Private " + t + "\"}");
        String team = create(ada, "{\"name\":\"Team " + t + "\",\"sharing\":\"team\"}");
        String all = create(ada, "{\"name\":\"All " + t + "\",\"sharing\":\"everyone\"}");
        Set<String> ours = Set.of(mine, team, all);

        assertThat(visibleIds(ada, ours)).containsExactlyInAnyOrder(mine, team, all);
        assertThat(visibleIds(apiAs(OTHER_EAST_REP), ours)).containsExactlyInAnyOrder(team, all);
        assertThat(visibleIds(apiAs(EAST_MANAGER), ours)).containsExactlyInAnyOrder(team, all);
        assertThat(visibleIds(apiAs(WEST_REP), ours)).containsExactly(all);
        assertThat(visibleIds(apiAs(WEST_MANAGER), ours)).containsExactly(all);
        assertThat(visibleIds(api, ours)).containsExactlyInAnyOrder(mine, team, all);

        // not visible: 404 exactly like a missing segment, for reading, evaluating and changing
        for (String[] hidden : new String[][]{{OTHER_EAST_REP, mine}, {EAST_MANAGER, mine}, {WEST_REP, team}, {WEST_MANAGER, mine}}) {
            ApiClient who = apiAs(hidden[0]);
            assertProblem(who.get("/api/segments/" + hidden[1]), 404, null);
            assertProblem(who.get("/api/segments/" + hidden[1] + "/count"), 404, null);
            assertProblem(who.get("/api/segments/" + hidden[1] + "/export"), 404, null);
            assertProblem(who.patch("/api/segments/" + hidden[1], "{\"name\":\"Mine\"}", Map.of("If-Match", "\"0\"")), 404, null);
        }
        // visible but someone else's: reps and other teams' managers may not change it
        ApiClient bob = apiAs(OTHER_EAST_REP);
        assertThat(bob.get("/api/segments/" + team).json().get("editable").asBoolean()).isFalse();
        assertProblem(bob.patch("/api/segments/" + team, "{\"name\":\"Bobs\"}", Map.of("If-Match", "\"0\"")), 403, null);
        assertProblem(bob.delete("/api/segments/" + all, Map.of("If-Match", "\"0\"")), 403, null);
        assertProblem(apiAs(WEST_REP).patch("/api/segments/" + all, "{\"name\":\"Cleos\"}", Map.of("If-Match", "\"0\"")), 403, null);
        assertProblem(apiAs(WEST_MANAGER).patch("/api/segments/" + all, "{\"name\":\"Wes\"}", Map.of("If-Match", "\"0\"")), 403, null);

        // the manager of the owner's team edits shared segments, but may not take one away from the team
        ApiClient maria = apiAs(EAST_MANAGER);
        assertThat(maria.get("/api/segments/" + team).json().get("editable").asBoolean()).isTrue();
        Response edited = maria.patch("/api/segments/" + team, "{\"description\":\"Checked by Maria\"}", Map.of("If-Match", "\"0\""));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(edited.json().get("ownerId").asString()).isEqualTo(EAST_REP);
        assertProblem(maria.patch("/api/segments/" + team, "{\"sharing\":\"private\"}", Map.of("If-Match", "\"1\"")), 403, null);
        assertThat(maria.patch("/api/segments/" + all, "{\"sharing\":\"team\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        assertThat(visibleIds(apiAs(WEST_REP), ours)).isEmpty(); // no longer shared with everyone

        // the owner makes it private again; admins change anything
        assertThat(ada.patch("/api/segments/" + team, "{\"sharing\":\"private\"}", Map.of("If-Match", "\"1\"")).status()).isEqualTo(200);
        assertThat(visibleIds(bob, ours)).containsExactly(all);
        assertThat(api.patch("/api/segments/" + mine, "{\"name\":\"Renamed by admin " + t + "\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        assertThat(api.delete("/api/segments/" + all, Map.of("If-Match", "\"1\"")).status()).isEqualTo(204);
        assertThat(visibleIds(ada, ours)).containsExactlyInAnyOrder(mine, team);
    }

    @Test
    void evaluatingASharedSegmentShowsEachCallerOnlyTheContactsTheySee() {
        String t = unique("eval");
        String adas = contact(EAST_REP, "Ada" + t, t);
        String bobs = contact(OTHER_EAST_REP, "Bob" + t, t);
        String cleos = contact(WEST_REP, "Cleo" + t, t);
        Response pooledCreated = apiAsClient("partner-" + t, "contacts:write")
                .post("/api/contacts", "{\"firstName\":\"Pool" + t + "\",\"tags\":[\"" + t + "\"]}");
        assertThat(pooledCreated.status()).isEqualTo(201);
        String pooled = pooledCreated.json().get("id").asString();
        contact(EAST_REP, "Other" + t, "not-" + t); // same owner, outside the filter

        String segment = create(apiAs(EAST_REP), "{\"name\":\"Eval " + t + "\",\"sharing\":\"everyone\","
                + "\"filter\":{\"tag\":\"" + t + "\",\"sort\":\"-createdAt\"}}");

        assertThat(evaluated(apiAs(EAST_REP), segment, 50)).containsExactly(pooled, adas);
        assertThat(evaluated(apiAs(OTHER_EAST_REP), segment, 50)).containsExactly(pooled, bobs);
        assertThat(evaluated(apiAs(EAST_MANAGER), segment, 50)).containsExactly(pooled, bobs, adas);
        assertThat(evaluated(apiAs(WEST_REP), segment, 50)).containsExactly(pooled, cleos);
        // paged one by one, in the segment's sort (newest first)
        assertThat(evaluated(api, segment, 1)).containsExactly(pooled, cleos, bobs, adas);

        assertThat(count(apiAs(EAST_REP), segment)).isEqualTo(2);
        assertThat(count(apiAs(EAST_MANAGER), segment)).isEqualTo(3);
        assertThat(count(apiAs(WEST_MANAGER), segment)).isEqualTo(2);
        assertThat(count(api, segment)).isEqualTo(4);
        // the same answer as the contact list with the same filter
        assertThat(apiAs(EAST_MANAGER).get("/api/contacts?tag=" + t).json().get("items").size()).isEqualTo(3);

        Response csv = apiAs(OTHER_EAST_REP).get("/api/segments/" + segment + "/export");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("segment-" + segment + ".csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("\uFEFFid,firstName,lastName");
        assertThat(lines).hasSize(3);
        assertThat(csv.body()).contains(bobs, pooled).doesNotContain(adas, cleos, "Ada" + t);
        assertThat(api.get("/api/segments/" + segment + "/export").body().lines().count()).isEqualTo(5);

        assertProblem(apiAs(EAST_REP).get("/api/segments/" + segment + "/contacts?limit=0"), 400, null);
        assertProblem(apiAs(EAST_REP).get("/api/segments/" + segment + "/contacts?cursor=bm90IGEgY3Vyc29y"), 400, "cursor");
    }

    @Test
    void anOwnerHasABoundedNumberOfSegments() {
        String client = "partner-" + unique("limit");
        ApiClient partner = apiAsClient(client, "contacts:write");
        Instant now = Instant.now();
        for (int i = 0; i < 199; i++) {
            mongo.insert(new Segment("seg-" + client + "-" + i, "S" + i, "s" + i, null,
                    SegmentFilter.parse(null), client, "private", 0, now, now));
        }
        String last = create(partner, "{\"name\":\"Two hundredth\"}");
        assertProblem(partner.post("/api/segments", "{\"name\":\"One too many\"}"), 400, "segments");
        assertThat(partner.delete("/api/segments/" + last, Map.of("If-Match", "\"0\"")).status()).isEqualTo(204);
        create(partner, "{\"name\":\"One too many\"}");
        // partner clients need the contacts area's scopes, like the contact list
        assertThat(apiAsClient(client, "deals:read").get("/api/segments").status()).isEqualTo(403);
        assertThat(apiAsClient(client, "contacts:read").post("/api/segments", "{\"name\":\"Read only\"}").status()).isEqualTo(403);
    }

    private static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36);
    }

    private static String create(ApiClient client, String json) {
        Response created = client.post("/api/segments", json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String contact(String owner, String name, String tag) {
        Response created = apiAs(owner).post("/api/contacts", "{\"firstName\":\"" + name + "\",\"tags\":[\"" + tag + "\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** The ids among {@code ours} that the caller's segment list shows (paged through; others' tests add segments). */
    private static List<String> visibleIds(ApiClient client, Set<String> ours) {
        return pagedIds(client, "/api/segments?limit=200").stream().filter(ours::contains).toList();
    }

    private static List<String> evaluated(ApiClient client, String segment, int limit) {
        return pagedIds(client, "/api/segments/" + segment + "/contacts?limit=" + limit);
    }

    /** The ids of every item of a keyset-paged list, following its cursors. */
    private static List<String> pagedIds(ApiClient client, String path) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Response page = client.get(path + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").valueStream().map(item -> item.get("id").asString()).forEach(ids::add);
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
        } while (cursor != null);
        return ids;
    }

    private static long count(ApiClient client, String segment) {
        Response count = client.get("/api/segments/" + segment + "/count");
        assertThat(count.status()).as(count.toString()).isEqualTo(200);
        assertThat(count.json().get("segmentId").asString()).isEqualTo(segment);
        return count.json().get("count").asLong();
    }

    private static void assertProblem(Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            String fields = response.json().path("errors").valueStream().map(e -> e.get("field").asString()).toList().toString();
            assertThat(fields + " " + response.json().path("detail").asString()).as(response.toString()).contains(field);
        }
    }
}

package io.pulsecrm.contacts.access;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Who sees and changes which contacts (docs/identity.md): reps, managers, admins and partner clients. */
class ContactAccessTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    private static final Map<String, String> V0 = Map.of("If-Match", "\"0\"");

    @Test
    void aRepCannotReadListSearchUpdateOrDeleteAnotherRepsContact() {
        String t = unique("mine");
        String ada = create(EAST_REP, "{\"firstName\":\"Adas\",\"lastName\":\"Own" + t + "\",\"tags\":[\"" + t + "\"]}");
        String bob = create(OTHER_EAST_REP, "{\"firstName\":\"Bobs\",\"lastName\":\"Own" + t + "\",\"tags\":[\"" + t + "\"]}");
        assertThat(api.get("/api/contacts/" + ada).json().get("ownerId").asString()).isEqualTo(EAST_REP); // the creator owns it

        ApiClient asAda = apiAs(EAST_REP);
        assertNotFound(asAda.get("/api/contacts/" + bob));
        assertNotFound(asAda.patch("/api/contacts/" + bob, "{\"jobTitle\":\"Mine now\"}", V0));
        assertNotFound(asAda.delete("/api/contacts/" + bob, V0));
        assertNotFound(asAda.get("/api/contacts/" + bob + "/history"));
        assertNotFound(asAda.get("/api/contacts/" + bob + "/timeline"));
        assertNotFound(asAda.post("/api/contacts/" + bob + "/timeline", "{\"type\":\"note\",\"body\":\"peek\"}"));
        // the 404 is the one of a contact that does not exist: nothing tells the two apart
        assertThat(asAda.get("/api/contacts/" + bob).json().get("detail").asString())
                .isEqualTo(asAda.get("/api/contacts/no-such-contact").json().get("detail").asString().replace("no-such-contact", bob));

        assertThat(ids(asAda, "tag=" + t)).containsExactly(ada);
        assertThat(ids(asAda, "q=own" + t.toLowerCase())).containsExactly(ada);
        assertThat(ids(asAda, "q=bobs")).doesNotContain(bob);
        assertThat(ids(asAda, "tag=" + t + "&ownerId=" + OTHER_EAST_REP)).isEmpty();
        assertThat(ids(apiAs(OTHER_EAST_REP), "tag=" + t)).containsExactly(bob);
        Response csv = asAda.get("/api/contacts/export?tag=" + t);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).contains(ada).doesNotContain(bob, "Bobs");

        // untouched by the attempts
        Response stored = api.get("/api/contacts/" + bob);
        assertThat(stored.json().get("version").asLong()).isZero();
        assertThat(stored.json().get("jobTitle").isNull()).isTrue();

        // records without an owner (from a partner client, say) are a shared pool everyone sees
        String pooled = create(apiAsClient("partner-pool", "contacts:write"), "{\"firstName\":\"Pooled\",\"tags\":[\"" + t + "\"]}");
        assertThat(api.get("/api/contacts/" + pooled).json().get("ownerId").isNull()).isTrue();
        assertThat(ids(asAda, "tag=" + t)).containsExactly(ada, pooled);
        assertThat(asAda.get("/api/contacts/" + pooled).status()).isEqualTo(200);
    }

    @Test
    void aManagerSeesTheTeamsContactsAndNotAnotherTeamsWhileAnAdminSeesAll() {
        String t = unique("team");
        String ada = create(EAST_REP, "{\"firstName\":\"East1\",\"tags\":[\"" + t + "\"]}");
        String bob = create(OTHER_EAST_REP, "{\"firstName\":\"East2\",\"tags\":[\"" + t + "\"]}");
        String maria = create(EAST_MANAGER, "{\"firstName\":\"East3\",\"tags\":[\"" + t + "\"]}");
        String cleo = create(WEST_REP, "{\"firstName\":\"West1\",\"tags\":[\"" + t + "\"]}");

        ApiClient asMaria = apiAs(EAST_MANAGER);
        assertThat(ids(asMaria, "tag=" + t)).containsExactly(ada, bob, maria);
        // restricted inside the query: pages stay full, the cursor walks exactly the visible contacts
        assertThat(allPages(asMaria, "tag=" + t + "&sort=-createdAt", 1)).containsExactly(maria, bob, ada);
        assertThat(asMaria.get("/api/contacts/" + bob).status()).isEqualTo(200);
        assertNotFound(asMaria.get("/api/contacts/" + cleo));
        assertNotFound(asMaria.patch("/api/contacts/" + cleo, "{\"jobTitle\":\"x\"}", V0));

        ApiClient asWes = apiAs(WEST_MANAGER);
        assertThat(ids(asWes, "tag=" + t)).containsExactly(cleo);
        assertNotFound(asWes.get("/api/contacts/" + ada));

        assertThat(ids(api, "tag=" + t)).containsExactly(ada, bob, maria, cleo);
        assertThat(allPages(api, "tag=" + t, 3)).containsExactly(ada, bob, maria, cleo);
        assertThat(api.get("/api/contacts/export?tag=" + t).body().lines().count()).isEqualTo(5);
        assertThat(asMaria.get("/api/contacts/export?tag=" + t).body().lines().count()).isEqualTo(4);
    }

    @Test
    void aPartnerClientReadsWithTheReadScopeAndWritesOnlyWithTheWriteScope() {
        String t = unique("partner");
        String owned = create(WEST_REP, "{\"firstName\":\"Partnered\",\"tags\":[\"" + t + "\"]}");

        ApiClient reader = apiAsClient("partner-reader", "contacts:read");
        assertThat(reader.get("/api/contacts/" + owned).status()).isEqualTo(200); // clients see every record of their areas
        assertThat(ids(reader, "tag=" + t)).containsExactly(owned);
        assertThat(reader.get("/api/contacts/" + owned + "/history").status()).isEqualTo(200);
        assertForbidden(reader.post("/api/contacts", "{\"firstName\":\"Nope\"}"));
        assertForbidden(reader.patch("/api/contacts/" + owned, "{\"jobTitle\":\"x\"}", V0));
        assertForbidden(reader.delete("/api/contacts/" + owned, V0));
        assertForbidden(apiAsClient("partner-deals", "deals:read").get("/api/contacts/" + owned));
        assertForbidden(apiAsClient("partner-events", "events:read").get("/api/companies"));

        ApiClient writer = apiAsClient("partner-writer", "contacts:write");
        assertThat(writer.get("/api/contacts/" + owned).status()).isEqualTo(200);
        Response created = writer.post("/api/contacts", "{\"firstName\":\"FromErp\",\"ownerId\":\"" + EAST_REP + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("ownerId").asString()).isEqualTo(EAST_REP);
        Response patched = writer.patch("/api/contacts/" + owned, "{\"jobTitle\":\"Synced\"}", V0);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        EventEnvelope event = events.awaitEvent(ofType("pulse.contact.updated.v1", owned));
        assertThat(event.actor()).isEqualTo("client:partner-writer");
        assertThat(writer.post("/api/contacts", "{\"firstName\":\"X\",\"ownerId\":\"ghost-" + t + "\"}").status()).isEqualTo(400);
    }

    @Test
    void onlyManagersWithinTheirTeamAndAdminsReassignAndTheChangeIsAnEventAndHistory() {
        String id = create(EAST_REP, "{\"firstName\":\"Reassigned\",\"jobTitle\":\"Buyer\"}");
        ApiClient asAda = apiAs(EAST_REP);
        ApiClient asMaria = apiAs(EAST_MANAGER);

        assertForbidden(asAda.patch("/api/contacts/" + id, "{\"ownerId\":\"" + OTHER_EAST_REP + "\"}", V0));
        assertForbidden(asAda.patch("/api/contacts/" + id, "{\"ownerId\":null}", V0));
        assertForbidden(asAda.post("/api/contacts", "{\"firstName\":\"ForBob\",\"ownerId\":\"" + OTHER_EAST_REP + "\"}"));
        assertThat(asAda.post("/api/contacts", "{\"firstName\":\"ForMe\",\"ownerId\":\"" + EAST_REP + "\"}").status()).isEqualTo(201);
        // a rep's own other edits still work
        assertThat(asAda.patch("/api/contacts/" + id, "{\"jobTitle\":\"Lead buyer\"}", V0).status()).isEqualTo(200);
        Map<String, String> v1 = Map.of("If-Match", "\"1\"");

        assertForbidden(asMaria.patch("/api/contacts/" + id, "{\"ownerId\":\"" + WEST_REP + "\"}", v1));
        Response unknown = asMaria.patch("/api/contacts/" + id, "{\"ownerId\":\"ghost-" + unique("u") + "\"}", v1);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0/field").asString()).isEqualTo("ownerId");
        assertThat(api.get("/api/contacts/" + id).json().get("ownerId").asString()).isEqualTo(EAST_REP);

        Response moved = asMaria.patch("/api/contacts/" + id, "{\"ownerId\":\"" + OTHER_EAST_REP + "\"}", v1);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().get("ownerId").asString()).isEqualTo(OTHER_EAST_REP);
        EventEnvelope event = events.awaitEvent(e -> e.type().equals("pulse.contact.updated.v1") && e.subject().equals(id)
                && e.data().at("/changes").has("ownerId"));
        assertThat(event.actor()).isEqualTo(EAST_MANAGER);
        assertThat(event.data().at("/changes/ownerId/from").asString()).isEqualTo(EAST_REP);
        assertThat(event.data().at("/changes/ownerId/to").asString()).isEqualTo(OTHER_EAST_REP);
        EventSchemaValidator.assertValid(events.awaitRecord(r -> r.value().contains(event.id())).value());

        // now bob's: ada no longer sees it, bob does
        assertNotFound(asAda.get("/api/contacts/" + id));
        assertThat(apiAs(OTHER_EAST_REP).get("/api/contacts/" + id).status()).isEqualTo(200);
        // admins give records to anyone; managers of another team do not even see them
        assertNotFound(apiAs(WEST_MANAGER).patch("/api/contacts/" + id, "{\"ownerId\":\"" + WEST_REP + "\"}", Map.of("If-Match", "\"2\"")));
        assertThat(api.patch("/api/contacts/" + id, "{\"ownerId\":\"" + WEST_REP + "\"}", Map.of("If-Match", "\"2\"")).status())
                .isEqualTo(200);

        // the history names who changed what from what to what, newest first
        JsonNode history = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/contacts/" + id + "/history").json().get("items"), items -> items.size() == 4);
        assertThat(history.valueStream().map(e -> e.get("actor").asString()).toList())
                .containsExactly(ADMIN, EAST_MANAGER, EAST_REP, EAST_REP);
        assertThat(history.valueStream().map(e -> e.get("type").asString()).toList()).containsExactly(
                "pulse.contact.updated.v1", "pulse.contact.updated.v1", "pulse.contact.updated.v1", "pulse.contact.created.v1");
        assertThat(history.valueStream().map(e -> e.get("version").asLong()).toList()).containsExactly(4L, 3L, 2L, 1L);
        assertThat(change(history.get(1), "ownerId")).isEqualTo(EAST_REP + "->" + OTHER_EAST_REP);
        assertThat(change(history.get(2), "jobTitle")).isEqualTo("Buyer->Lead buyer");
        assertThat(history.get(1).get("changes").size()).isEqualTo(1); // derived search keys are not history
        assertThat(history.get(0).get("eventId").asString()).isNotBlank();
        assertThat(history.get(0).get("at").asString()).isNotBlank();
        assertThat(apiAs(WEST_REP).get("/api/contacts/" + id + "/history?limit=1").json().get("items").size()).isEqualTo(1);
        assertNotFound(asAda.get("/api/contacts/" + id + "/history"));
        assertThat(api.get("/api/contacts/" + id + "/history?limit=0").status()).isEqualTo(400);
    }

    @Test
    void duplicatesTheCallerCannotSeeBlockWithoutBeingNamed() {
        String n = unique("dup");
        String email = n + "@example.com";
        String bobs = create(OTHER_EAST_REP, "{\"firstName\":\"Hidden\",\"lastName\":\"Person\",\"email\":\"" + email + "\"}");

        Response refused = apiAs(WEST_REP).post("/api/contacts", "{\"firstName\":\"Cleo's\",\"email\":\"" + email + "\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("candidates").size()).isZero();
        assertThat(refused.json().get("hiddenMatches").asBoolean()).isTrue();
        assertThat(refused.json().get("detail").asString()).contains("cannot see");
        assertThat(refused.body()).doesNotContain(bobs, "Hidden", OTHER_EAST_REP);

        String cleos = create(WEST_REP, "/api/contacts?allowDuplicate=true", "{\"firstName\":\"Cleo's\",\"email\":\"" + email + "\"}");
        Response again = apiAs(WEST_REP).post("/api/contacts", "{\"firstName\":\"Again\",\"email\":\"" + email + "\"}");
        assertThat(again.json().get("candidates").valueStream().map(c -> c.get("id").asString()).toList()).containsExactly(cleos);
        assertThat(again.json().get("hiddenMatches").asBoolean()).isTrue();
        assertThat(again.body()).doesNotContain(bobs);

        Response byAdmin = api.post("/api/contacts", "{\"firstName\":\"Admin\",\"email\":\"" + email + "\"}");
        assertThat(byAdmin.json().get("candidates").valueStream().map(c -> c.get("id").asString()).toList())
                .containsExactlyInAnyOrder(bobs, cleos);
        assertThat(byAdmin.json().get("hiddenMatches").asBoolean()).isFalse();
    }

    @Test
    void mergingIsForManagersAndAdminsAndNeedsEveryContactVisible() {
        String n = unique("merge");
        String adas = create(EAST_REP, "{\"firstName\":\"Survivor\",\"email\":\"s-" + n + "@example.com\"}");
        String bobs = create(OTHER_EAST_REP, "{\"firstName\":\"Merged\",\"lastName\":\"Bobs\",\"email\":\"m-" + n + "@example.com\"}");
        String cleos = create(WEST_REP, "{\"firstName\":\"Westerner\",\"email\":\"w-" + n + "@example.com\"}");
        String body = "{\"mergeIds\":[\"" + bobs + "\"]}";

        assertForbidden(apiAs(EAST_REP).post("/api/contacts/" + adas + "/merge", body, V0));
        assertForbidden(apiAsClient("partner-merge", "contacts:write").post("/api/contacts/" + adas + "/merge", body, V0));
        assertNotFound(apiAs(EAST_MANAGER).post("/api/contacts/" + cleos + "/merge", body, V0));
        Response invisible = apiAs(EAST_MANAGER).post("/api/contacts/" + adas + "/merge", "{\"mergeIds\":[\"" + cleos + "\"]}", V0);
        assertThat(invisible.status()).as(invisible.toString()).isEqualTo(400);
        assertThat(invisible.json().at("/errors/0/message").asString()).isEqualTo("is not an existing contact");
        assertThat(api.get("/api/contacts/" + cleos).status()).isEqualTo(200);

        Response merged = apiAs(EAST_MANAGER).post("/api/contacts/" + adas + "/merge",
                "{\"mergeIds\":[\"" + bobs + "\"],\"choose\":{\"ownerId\":\"" + bobs + "\"}}", V0);
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        assertThat(merged.json().get("ownerId").asString()).isEqualTo(OTHER_EAST_REP);
        assertThat(merged.json().get("lastName").asString()).isEqualTo("Bobs");
        assertThat(events.awaitEvent(ofType("pulse.contact.merged.v1", adas)).actor()).isEqualTo(EAST_MANAGER);
    }

    @Test
    void timelinesFollowTheirContactsVisibilityAndEntriesHaveAHistory() {
        String id = create(EAST_REP, "{\"firstName\":\"Timeline\"}");
        Response logged = apiAs(EAST_REP).post("/api/contacts/" + id + "/timeline", "{\"type\":\"note\",\"body\":\"Met at fair\"}");
        assertThat(logged.status()).as(logged.toString()).isEqualTo(201);
        String entry = logged.json().get("id").asString();

        assertThat(apiAs(EAST_MANAGER).get("/api/contacts/" + id + "/timeline").json().get("items").size()).isEqualTo(1);
        assertNotFound(apiAs(WEST_MANAGER).get("/api/contacts/" + id + "/timeline"));
        assertNotFound(apiAs(WEST_MANAGER).get("/api/contacts/" + id + "/timeline/" + entry + "/history"));

        JsonNode history = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> apiAs(EAST_MANAGER).get("/api/contacts/" + id + "/timeline/" + entry + "/history").json().get("items"),
                        items -> items.size() == 1);
        assertThat(history.get(0).get("type").asString()).isEqualTo("pulse.activity.logged.v1");
        assertThat(history.get(0).get("actor").asString()).isEqualTo(EAST_REP);
        assertThat(change(history.get(0), "body")).isEqualTo("null->Met at fair");
        String other = create(EAST_REP, "{\"firstName\":\"Other\"}");
        assertNotFound(api.get("/api/contacts/" + other + "/timeline/" + entry + "/history"));
    }

    private String create(String userId, String json) {
        return create(userId, "/api/contacts", json);
    }

    private String create(String userId, String path, String json) {
        return create(apiAs(userId), path, json);
    }

    private static String create(ApiClient client, String json) {
        return create(client, "/api/contacts", json);
    }

    private static String create(ApiClient client, String path, String json) {
        Response response = client.post(path, json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static List<String> ids(ApiClient client, String query) {
        Response response = client.get("/api/contacts?limit=200&" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").valueStream().map(c -> c.get("id").asString()).toList();
    }

    /** Every page of a list; each page but the last must be full. */
    private static List<String> allPages(ApiClient client, String query, int limit) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = client.get("/api/contacts?limit=" + limit + "&" + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
            if (cursor != null) {
                assertThat(page.json().get("items").size()).isEqualTo(limit);
            }
            pages++;
        } while (cursor != null && pages < 100);
        return seen;
    }

    static String change(JsonNode entry, String field) {
        for (JsonNode change : entry.get("changes")) {
            if (change.get("field").asString().equals(field)) {
                return text(change.get("from")) + "->" + text(change.get("to"));
            }
        }
        return null;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "null" : value.asString();
    }

    static void assertNotFound(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    static void assertForbidden(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    static String unique(String prefix) {
        return prefix + Long.toString(System.nanoTime(), 36);
    }
}

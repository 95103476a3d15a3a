package io.pulsecrm.contacts.access;

import static io.pulsecrm.contacts.access.ContactAccessTest.assertForbidden;
import static io.pulsecrm.contacts.access.ContactAccessTest.assertNotFound;
import static io.pulsecrm.contacts.access.ContactAccessTest.change;
import static io.pulsecrm.contacts.access.ContactAccessTest.unique;
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

import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.leads.TestFormTokens;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

/** Companies, imports, erasure and configuration under the identity rules (docs/identity.md). */
class CompanyAndAdminAccessTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Company.TOPIC, Contact.TOPIC);

    private static final Map<String, String> V0 = Map.of("If-Match", "\"0\"");
    private static final Map<String, String> CSV = Map.of("Content-Type", "text/csv");

    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    MongoTemplate mongo;

    @Test
    void companiesAreVisibleLikeContactsAndOnlyManagersOrAdminsReassignThem() {
        String n = unique("co");
        String east = company(EAST_REP, "{\"name\":\"" + n + " Eastco\",\"domain\":\"" + n + ".example.com\",\"industry\":\"Retail\"}");
        String west = company(WEST_REP, "{\"name\":\"" + n + " Westco\"}");
        ApiClient asCleo = apiAs(WEST_REP);

        assertThat(api.get("/api/companies/" + east).json().get("ownerId").asString()).isEqualTo(EAST_REP);
        assertNotFound(asCleo.get("/api/companies/" + east));
        assertNotFound(asCleo.patch("/api/companies/" + east, "{\"industry\":\"x\"}", V0));
        assertNotFound(asCleo.delete("/api/companies/" + east, V0));
        assertNotFound(asCleo.get("/api/companies/" + east + "/contacts"));
        assertNotFound(asCleo.get("/api/companies/" + east + "/timeline"));
        assertNotFound(asCleo.get("/api/companies/" + east + "/history"));
        assertThat(companyIds(asCleo, "q=" + n)).containsExactly(west);
        assertThat(companyIds(apiAs(EAST_MANAGER), "q=" + n)).containsExactly(east);
        assertThat(companyIds(api, "q=" + n)).containsExactly(east, west);
        // a contact cannot be linked to a company its creator may not see: it answers like a missing one
        Response linked = asCleo.post("/api/contacts", "{\"firstName\":\"Linked\",\"companyId\":\"" + east + "\"}");
        assertThat(linked.status()).as(linked.toString()).isEqualTo(400);
        assertThat(linked.json().at("/errors/0/field").asString()).isEqualTo("companyId");
        // the same domain in a company cleo cannot see blocks without naming it
        Response duplicate = asCleo.post("/api/companies", "{\"name\":\"Copy\",\"domain\":\"" + n + ".example.com\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("candidates").size()).isZero();
        assertThat(duplicate.json().get("hiddenMatches").asBoolean()).isTrue();
        assertThat(duplicate.body()).doesNotContain(east, "Eastco");

        // the company's contacts: only those the caller sees; searching by company name only through visible companies
        String adaContact = contact(EAST_REP, "{\"firstName\":\"AtEastco\",\"companyId\":\"" + east + "\"}");
        // bob may not see the company: his manager links his contact to it
        String bobContact = contact(EAST_MANAGER, "{\"firstName\":\"AlsoAtEastco\",\"ownerId\":\"" + OTHER_EAST_REP + "\",\"companyId\":\"" + east + "\"}");
        assertThat(contactIds(apiAs(EAST_REP), "/api/companies/" + east + "/contacts")).containsExactly(adaContact);
        assertThat(contactIds(apiAs(EAST_MANAGER), "/api/companies/" + east + "/contacts")).containsExactly(adaContact, bobContact);
        assertThat(contactIds(apiAs(EAST_REP), "/api/contacts?q=" + n + "%20east")).containsExactly(adaContact);
        assertThat(contactIds(apiAs(OTHER_EAST_REP), "/api/contacts?q=" + n + "%20east")).isEmpty(); // bob may not see the company

        assertForbidden(apiAs(EAST_REP).patch("/api/companies/" + east, "{\"ownerId\":\"" + OTHER_EAST_REP + "\"}", V0));
        assertForbidden(apiAs(EAST_MANAGER).patch("/api/companies/" + east, "{\"ownerId\":\"" + WEST_REP + "\"}", V0));
        assertThat(apiAs(EAST_MANAGER).patch("/api/companies/" + east, "{\"ownerId\":\"ghost-" + n + "\"}", V0).status()).isEqualTo(400);
        Response moved = apiAs(EAST_MANAGER).patch("/api/companies/" + east, "{\"ownerId\":\"" + OTHER_EAST_REP + "\",\"industry\":\"Food\"}", V0);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        EventEnvelope event = events.awaitEvent(ofType("pulse.company.updated.v1", east));
        assertThat(event.actor()).isEqualTo(EAST_MANAGER);
        assertThat(event.data().at("/changes/ownerId/to").asString()).isEqualTo(OTHER_EAST_REP);

        JsonNode history = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> apiAs(OTHER_EAST_REP).get("/api/companies/" + east + "/history").json().get("items"), items -> items.size() == 2);
        assertThat(history.get(0).get("actor").asString()).isEqualTo(EAST_MANAGER);
        assertThat(change(history.get(0), "ownerId")).isEqualTo(EAST_REP + "->" + OTHER_EAST_REP);
        assertThat(change(history.get(0), "industry")).isEqualTo("Retail->Food");
        assertThat(change(history.get(0), "searchKeys")).isNull();
        assertThat(history.get(1).get("actor").asString()).isEqualTo(EAST_REP);
        assertThat(history.get(1).get("type").asString()).isEqualTo("pulse.company.created.v1");
        assertNotFound(apiAs(EAST_REP).get("/api/companies/" + east)); // bob's now
        assertNotFound(apiAs(WEST_MANAGER).get("/api/companies/" + east + "/history"));
    }

    @Test
    void theImportHistoryListsOnlyTheCallersOwnImportsNewestFirstInPages() {
        String n = unique("hist");
        List<String> mine = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response uploaded = apiAs(OTHER_EAST_REP).send("POST", "/api/imports?fileName=" + n + "-" + i + ".csv",
                    "firstName\nA" + i + "\n", CSV);
            assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
            mine.add(0, uploaded.json().get("id").asString());
        }
        String others = apiAs(EAST_MANAGER).send("POST", "/api/imports?fileName=" + n + "-m.csv", "firstName\nM\n", CSV)
                .json().get("id").asString();

        Response first = apiAs(OTHER_EAST_REP).get("/api/imports?limit=2");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("items").valueStream().map(i -> i.get("id").asString()).toList())
                .containsExactly(mine.get(0), mine.get(1));
        assertThat(first.json().get("items").get(0).get("fileName").asString()).isEqualTo(n + "-2.csv");
        assertThat(first.json().get("items").get(0).get("createdBy").asString()).isEqualTo(OTHER_EAST_REP);
        Response second = apiAs(OTHER_EAST_REP).get("/api/imports?limit=2&cursor=" + first.json().get("nextCursor").asString());
        List<String> rest = second.json().get("items").valueStream().map(i -> i.get("id").asString()).toList();
        assertThat(rest.getFirst()).isEqualTo(mine.get(2));
        assertThat(rest).doesNotContain(others);
        // an admin's history is their own too, not everyone's
        assertThat(api.get("/api/imports?limit=200").json().get("items").valueStream().map(i -> i.get("id").asString()))
                .doesNotContain(others, mine.get(0));

        assertThat(apiAs(OTHER_EAST_REP).get("/api/imports?limit=0").status()).isEqualTo(400);
        assertThat(apiAs(OTHER_EAST_REP).get("/api/imports?cursor=!!").status()).isEqualTo(400);
    }

    @Test
    void importsAreTheirUploadersAndAdminsAndOwnTheirContactsByTheUploadersRights() {
        String n = unique("imp");
        String hidden = contact(WEST_REP, "{\"firstName\":\"WestKnown\",\"email\":\"known-" + n + "@example.com\"}");
        String csv = "firstName,email,ownerId\n"
                + "Own1," + n + "-1@example.com,\n"
                + "Own2," + n + "-2@example.com," + EAST_REP + "\n"
                + "Own3," + n + "-3@example.com," + OTHER_EAST_REP + "\n"
                + "Own4," + n + "-4@example.com,ghost-" + n + "\n"
                + "Own5,known-" + n + "@example.com,\n";
        Response uploaded = apiAs(EAST_REP).send("POST", "/api/imports", csv, CSV);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String id = uploaded.json().get("id").asString();
        assertThat(uploaded.json().get("createdBy").asString()).isEqualTo(EAST_REP);

        assertNotFound(apiAs(OTHER_EAST_REP).get("/api/imports/" + id));
        assertNotFound(apiAs(EAST_MANAGER).get("/api/imports/" + id));
        assertNotFound(apiAs(OTHER_EAST_REP).post("/api/imports/" + id + "/run", "{}"));
        assertNotFound(apiAs(OTHER_EAST_REP).post("/api/imports/" + id + "/cancel", null));
        assertThat(api.get("/api/imports/" + id).status()).isEqualTo(200);

        assertThat(apiAs(EAST_REP).post("/api/imports/" + id + "/run", "{}").status()).isEqualTo(202);
        Response done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> apiAs(EAST_REP).get("/api/imports/" + id), r -> r.json().get("status").asString().equals("completed"));
        assertThat(done.json().get("created").asLong()).isEqualTo(4);
        assertThat(done.json().get("duplicates").asLong()).isEqualTo(1);
        List<String> errors = done.json().get("rowErrors").valueStream()
                .map(e -> e.get("row").asLong() + ":" + e.get("field").asString() + ":" + e.get("message").asString()).toList();
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).startsWith("4:ownerId:").contains("owned by the importer");
        assertThat(errors.get(1)).startsWith("5:ownerId:").contains("not a known user");
        assertThat(errors.get(2)).startsWith("6:email:").contains("you cannot see").doesNotContain(hidden);

        List<JsonNode> imported = api.get("/api/contacts?limit=200&q=" + n + "-").json().get("items").valueStream().toList();
        assertThat(imported).hasSize(4).allSatisfy(c -> assertThat(c.get("ownerId").asString()).isEqualTo(EAST_REP));
        EventEnvelope created = events.awaitEvent(ofType("pulse.contact.created.v1", imported.getFirst().get("id").asString()));
        assertThat(created.actor()).isEqualTo(EAST_REP);

        // a manager's import gives contacts to the team members the file names
        String managers = apiAs(EAST_MANAGER).send("POST", "/api/imports",
                "firstName,email,ownerId\nTeam," + n + "-m@example.com," + OTHER_EAST_REP + "\n", CSV).json().get("id").asString();
        assertThat(apiAs(EAST_MANAGER).post("/api/imports/" + managers + "/run", "{}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> apiAs(EAST_MANAGER).get("/api/imports/" + managers), r -> r.json().get("status").asString().equals("completed"));
        assertThat(api.get("/api/contacts?q=" + n + "-m").json().at("/items/0/ownerId").asString()).isEqualTo(OTHER_EAST_REP);
        assertForbidden(apiAsClient("partner-import-reader", "contacts:read").send("POST", "/api/imports", "firstName\nX\n", CSV));
    }

    @Test
    void erasureIsForAdminsAndForgetsTheContactsHistory() {
        String n = unique("erase");
        String id = contact(EAST_REP, "{\"firstName\":\"Forget\",\"lastName\":\"Me" + n + "\",\"email\":\"" + n + "@example.com\"}");
        assertThat(apiAs(EAST_REP).patch("/api/contacts/" + id, "{\"jobTitle\":\"Secret agent\"}", V0).status()).isEqualTo(200);
        String entry = apiAs(EAST_REP).post("/api/contacts/" + id + "/timeline", "{\"type\":\"note\",\"body\":\"Private " + n + "\"}")
                .json().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> historyLines("contacts", id).size() == 2 && historyLines("timeline", entry).size() == 1);

        assertForbidden(apiAs(EAST_REP).post("/api/contacts/" + id + "/erase", null));
        assertForbidden(apiAs(EAST_MANAGER).post("/api/contacts/" + id + "/erase", null));
        assertForbidden(apiAsClient("partner-eraser", "contacts:write").post("/api/contacts/" + id + "/erase", null));
        assertThat(api.post("/api/contacts/" + id + "/erase", null).status()).isEqualTo(204);

        events.awaitEvent(ofType("pulse.contact.erased.v1", id));
        List<Document> lines = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> historyLines("contacts", id), found -> found.size() == 1);
        assertThat(lines.getFirst().getString("type")).isEqualTo("pulse.contact.erased.v1");
        assertThat(lines.getFirst().getString("actor")).isEqualTo(ADMIN);
        assertThat(lines.getFirst().get("changes")).isNull();
        assertThat(historyLines("timeline", entry)).isEmpty();
        assertThat(mongo.getCollection("contacts_history").find(new Document("aggregateId", id)).first().toJson())
                .doesNotContain(n, "Secret agent", "Forget");
    }

    @Test
    void configurationIsForAdminsWhileTheLeadFormStaysPublic() {
        ApiClient asAda = apiAs(EAST_REP);
        ApiClient asMaria = apiAs(EAST_MANAGER);
        assertForbidden(asAda.post("/api/lead-forms", "{\"name\":\"Mine\"}"));
        assertForbidden(asMaria.get("/api/lead-forms"));
        assertForbidden(apiAsClient("partner-config", "contacts:write").post("/api/lead-forms", "{\"name\":\"Theirs\"}"));
        Response unknownOwner = api.post("/api/lead-forms", "{\"name\":\"Ghost form\",\"ownerId\":\"ghost-" + unique("o") + "\"}");
        assertThat(unknownOwner.status()).isEqualTo(400);
        assertThat(unknownOwner.json().at("/errors/0/field").asString()).isEqualTo("ownerId");

        String key = "k" + unique("cf");
        assertForbidden(asMaria.post("/api/custom-fields", "{\"key\":\"" + key + "\",\"label\":\"K\",\"type\":\"text\"}"));
        assertThat(api.post("/api/custom-fields", "{\"key\":\"" + key + "\",\"label\":\"K\",\"type\":\"text\"}").status()).isEqualTo(201);
        assertThat(asAda.get("/api/custom-fields").status()).isEqualTo(200); // everyone reads the definitions
        assertThat(apiAsClient("partner-cf", "contacts:read").get("/api/custom-fields").status()).isEqualTo(200);
        assertForbidden(asAda.delete("/api/custom-fields/contact/" + key, Map.of()));
        assertThat(api.delete("/api/custom-fields/contact/" + key, Map.of()).status()).isEqualTo(204);

        // the lead form: no token, its own key; unowned leads are the shared pool every user sees
        Response form = api.post("/api/lead-forms", "{\"name\":\"Public form\"}");
        String submitUrl = form.json().get("submitUrl").asString();
        String email = unique("lead") + "@example.com";
        String token = TestFormTokens.fromAPerson(context, form.json().get("id").asString());
        Response submitted = api.anonymous().post(submitUrl, "{\"firstName\":\"Anon\",\"email\":\"" + email
                        + "\",\"formToken\":\"" + token + "\"}",
                Map.of("X-Form-Key", form.json().get("key").asString()));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(202);
        List<JsonNode> leads = asAda.get("/api/contacts?q=" + email).json().get("items").valueStream().toList();
        assertThat(leads).hasSize(1);
        assertThat(leads.getFirst().get("ownerId").isNull()).isTrue();
        assertThat(apiAs(WEST_REP).get("/api/contacts/" + leads.getFirst().get("id").asString()).status()).isEqualTo(200);
        // a rep may take a lead from the pool for themselves, not give it away
        String lead = leads.getFirst().get("id").asString();
        assertForbidden(asAda.patch("/api/contacts/" + lead, "{\"ownerId\":\"" + OTHER_EAST_REP + "\"}", V0));
        assertThat(asAda.patch("/api/contacts/" + lead, "{\"ownerId\":\"" + EAST_REP + "\"}", V0).status()).isEqualTo(200);
        assertNotFound(apiAs(WEST_REP).get("/api/contacts/" + lead));
        assertThat(api.anonymous().get("/api/contacts").status()).isEqualTo(401);
    }

    private List<Document> historyLines(String collection, String id) {
        return mongo.getCollection(collection + "_history").find(new Document("aggregateId", id)).into(new java.util.ArrayList<>());
    }

    private String company(String userId, String json) {
        Response response = apiAs(userId).post("/api/companies", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private String contact(String userId, String json) {
        Response response = apiAs(userId).post("/api/contacts", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static List<String> companyIds(ApiClient client, String query) {
        Response response = client.get("/api/companies?limit=200&" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").valueStream().map(c -> c.get("id").asString()).toList();
    }

    private static List<String> contactIds(ApiClient client, String path) {
        Response response = client.get(path);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").valueStream().map(c -> c.get("id").asString()).toList();
    }
}

package io.pulsecrm.contacts.bulk;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static io.pulsecrm.platform.test.TestIdentity.EAST_MANAGER;
import static io.pulsecrm.platform.test.TestIdentity.EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.OTHER_EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/contacts/bulk} (one owner or tag change to many contacts, a result per contact) and
 * {@code POST /api/contacts/export} (a selection as CSV), within what the caller may see and change.
 */
class BulkChangeTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    @Test
    void aManagerGivesASelectionToARepAndTagsItAndEveryContactFailsOrSucceedsOnItsOwn() {
        String t = "bulk" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode ada1 = create(EAST_REP, "{\"firstName\":\"One\",\"lastName\":\"" + t + "\",\"tags\":[\"old\"]}");
        JsonNode ada2 = create(EAST_REP, "{\"firstName\":\"Two\",\"lastName\":\"" + t + "\"}");
        JsonNode stale = create(EAST_REP, "{\"firstName\":\"Stale\",\"lastName\":\"" + t + "\"}");
        JsonNode west = create(WEST_REP, "{\"firstName\":\"West\",\"lastName\":\"" + t + "\"}");
        JsonNode already = create(OTHER_EAST_REP, "{\"firstName\":\"Bobs\",\"lastName\":\"" + t + "\",\"tags\":[\"vip\"]}");
        // someone changes one after the manager's list was read
        assertThat(apiAs(EAST_REP).patch("/api/contacts/" + id(stale), "{\"jobTitle\":\"CTO\"}", ifMatch(stale)).status())
                .isEqualTo(200);

        Response response = apiAs(EAST_MANAGER).post("/api/contacts/bulk", """
                {"items":[%s,%s,%s,%s,%s],"ownerId":"%s","addTags":["VIP"," vip "]}"""
                .formatted(item(ada1), item(ada2), item(stale), item(west), item(already), OTHER_EAST_REP));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode result = response.json();
        Map<String, JsonNode> byId = result.get("results").valueStream()
                .collect(Collectors.toMap(r -> r.get("id").asString(), r -> r));
        assertThat(result.get("results").valueStream().map(r -> r.get("id").asString()).toList()).as("in the order asked")
                .containsExactly(id(ada1), id(ada2), id(stale), id(west), id(already));
        assertThat(byId.get(id(ada1)).get("status").asString()).isEqualTo("updated");
        assertThat(byId.get(id(ada1)).get("version").asLong()).isEqualTo(1);
        assertThat(byId.get(id(ada2)).get("status").asString()).isEqualTo("updated");
        assertThat(byId.get(id(stale)).get("status").asString()).isEqualTo("failed");
        assertThat(byId.get(id(stale)).at("/problem/status").asInt()).isEqualTo(409);
        assertThat(byId.get(id(stale)).at("/problem/currentVersion").asLong()).isEqualTo(1);
        assertThat(byId.get(id(west)).at("/problem/status").asInt()).as("another team's: as if it did not exist").isEqualTo(404);
        assertThat(byId.get(id(already)).get("status").asString()).as("bob's already, tagged vip already").isEqualTo("unchanged");
        assertThat(result.get("updated").asInt()).isEqualTo(2);
        assertThat(result.get("unchanged").asInt()).isEqualTo(1);
        assertThat(result.get("failed").asInt()).isEqualTo(2);

        JsonNode one = api.get("/api/contacts/" + id(ada1)).json();
        assertThat(one.get("ownerId").asString()).isEqualTo(OTHER_EAST_REP);
        assertThat(one.get("tags").valueStream().map(JsonNode::asString).toList()).containsExactly("old", "vip");
        assertThat(api.get("/api/contacts/" + id(stale)).json().get("ownerId").asString()).as("untouched").isEqualTo(EAST_REP);
        assertThat(api.get("/api/contacts/" + id(west)).json().get("ownerId").asString()).isEqualTo(WEST_REP);

        // each change is an ordinary update event with its actor, and a line in the contact's history
        EventEnvelope update = events.awaitEvent(ofType("pulse.contact.updated.v1", id(ada1)));
        assertThat(update.actor()).isEqualTo(EAST_MANAGER);
        assertThat(update.data().at("/changes/ownerId/to").asString()).isEqualTo(OTHER_EAST_REP);
        events.awaitEvent(ofType("pulse.contact.updated.v1", id(ada2)));
        assertThat(events.distinctEvents()).as("an unchanged contact records nothing")
                .noneMatch(e -> e.type().equals("pulse.contact.updated.v1") && id(already).equals(e.subject()));
        JsonNode history = ok(api.get("/api/contacts/" + id(ada1) + "/history"));
        assertThat(history.at("/items/0/actor").asString()).isEqualTo(EAST_MANAGER);
    }

    @Test
    void repsMayOnlyTakeUnownedContactsAndBadRequestsAreRefusedWhole() {
        String t = "bulkrep" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode own = create(EAST_REP, "{\"firstName\":\"Own\",\"lastName\":\"" + t + "\"}");
        JsonNode pooled = created(apiAsClient("partner-pool", "contacts:write").post("/api/contacts",
                "{\"firstName\":\"Pooled\",\"lastName\":\"" + t + "\"}"));
        ApiClient ada = apiAs(EAST_REP);

        Response giveAway = ada.post("/api/contacts/bulk", "{\"items\":[" + item(own) + "],\"ownerId\":\"" + OTHER_EAST_REP + "\"}");
        assertThat(giveAway.status()).as("a rep gives records to no one").isEqualTo(403);

        JsonNode take = ok(ada.post("/api/contacts/bulk", "{\"items\":[" + item(own) + "," + item(pooled) + "],\"ownerId\":\"" + EAST_REP + "\"}"));
        assertThat(take.at("/results/0/status").asString()).isEqualTo("unchanged");
        assertThat(take.at("/results/1/status").asString()).as("an unowned lead may be taken").isEqualTo("updated");
        assertThat(api.get("/api/contacts/" + id(pooled)).json().get("ownerId").asString()).isEqualTo(EAST_REP);

        assertFields(ada.post("/api/contacts/bulk", "{\"items\":[]}"), "items");
        assertFields(ada.post("/api/contacts/bulk", "{\"items\":[{\"id\":\"" + id(own) + "\"},{\"id\":\"" + id(own) + "\",\"version\":0}],\"addTags\":[\"x\"]}"),
                "items[0].version", "items[1].id");
        assertFields(ada.post("/api/contacts/bulk", "{\"items\":[" + item(own) + "]}"), "ownerId");
        assertFields(ada.post("/api/contacts/bulk", "{\"items\":[" + item(own) + "],\"addTags\":[\"" + "x".repeat(51) + "\", \"\"]}"),
                "addTags[0]", "addTags[1]");
        assertFields(api.post("/api/contacts/bulk", "{\"items\":[" + item(own) + "],\"ownerId\":\"nobody-" + t + "\"}"), "ownerId");
        String tooMany = "{\"items\":[" + String.join(",", java.util.Collections.nCopies(201, item(own))) + "],\"addTags\":[\"x\"]}";
        assertFields(ada.post("/api/contacts/bulk", tooMany), "items");
        assertThat(ada.post("/api/contacts/bulk", "{\"items\":[" + item(own) + "],\"$set\":{}}").status()).isEqualTo(400);
        assertThat(api.get("/api/contacts/" + id(own)).json().get("version").asLong()).as("nothing applied").isZero();
    }

    @Test
    void aSelectionExportsAsCsvWithOnlyTheContactsTheCallerSees() {
        String t = "sel" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode one = create(EAST_REP, "{\"firstName\":\"Sel1\",\"lastName\":\"" + t + "\"}");
        JsonNode two = create(EAST_REP, "{\"firstName\":\"Sel2\",\"lastName\":\"" + t + "\"}");
        JsonNode notChosen = create(EAST_REP, "{\"firstName\":\"Sel3\",\"lastName\":\"" + t + "\"}");
        JsonNode hidden = create(WEST_REP, "{\"firstName\":\"Hidden\",\"lastName\":\"" + t + "\"}");

        Response csv = apiAs(EAST_REP).post("/api/contacts/export",
                "{\"ids\":[\"" + id(two) + "\",\"" + id(one) + "\",\"" + id(hidden) + "\",\"no-such\"]}");

        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("\uFEFFid,firstName,lastName");
        assertThat(lines).hasSize(3);
        assertThat(csv.body()).contains(id(one), id(two), "Sel1", "Sel2").doesNotContain(id(notChosen), id(hidden), "Hidden");
        assertFields(apiAs(EAST_REP).post("/api/contacts/export", "{\"ids\":[]}"), "ids");
    }

    private JsonNode create(String user, String json) {
        return created(apiAs(user).post("/api/contacts", json));
    }

    private static JsonNode created(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static String id(JsonNode contact) {
        return contact.get("id").asString();
    }

    private static String item(JsonNode contact) {
        return "{\"id\":\"" + id(contact) + "\",\"version\":" + contact.get("version").asLong() + "}";
    }

    private static Map<String, String> ifMatch(JsonNode contact) {
        return Map.of("If-Match", "\"" + contact.get("version").asLong() + "\"");
    }

    private static void assertFields(Response response, String... fields) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .as(response.toString()).contains(fields);
    }
}

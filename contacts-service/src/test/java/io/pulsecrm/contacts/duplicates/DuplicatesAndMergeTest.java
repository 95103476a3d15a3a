package io.pulsecrm.contacts.duplicates;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DuplicatesAndMergeTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    @Test
    void aContactWithAKnownEmailOrPhoneIsRefusedWithTheCandidatesUnlessAllowed() {
        String n = Long.toString(System.nanoTime());
        String email = "dup-" + n + "@example.com";
        String phone = "+44 20 7124 " + n.substring(n.length() - 4);
        String first = create("{\"firstName\":\"Dup\",\"lastName\":\"One\",\"email\":\"" + email + "\",\"otherPhones\":[\"" + phone + "\"]}");

        Response byEmail = api.post("/api/contacts", "{\"firstName\":\"Dup\",\"email\":\" " + email.toUpperCase() + " \"}");
        assertThat(byEmail.status()).as(byEmail.toString()).isEqualTo(409);
        assertThat(byEmail.header("Content-Type")).startsWith("application/problem+json");
        assertThat(byEmail.json().at("/candidates/0/id").asString()).isEqualTo(first);
        assertThat(byEmail.json().at("/candidates/0/name").asString()).isEqualTo("Dup One");
        assertThat(byEmail.json().at("/candidates/0/matchedOn").asString()).isEqualTo("email");

        Response byPhone = api.post("/api/contacts", "{\"firstName\":\"Dup\",\"otherEmails\":[\"other-" + n + "@example.com\"],\"phone\":\"+44 (0)20 7124-" + n.substring(n.length() - 4) + "\"}");
        assertThat(byPhone.status()).as(byPhone.toString()).isEqualTo(409);
        assertThat(byPhone.json().at("/candidates/0/matchedOn").asString()).isEqualTo("phone");

        Response allowed = api.post("/api/contacts?allowDuplicate=true", "{\"firstName\":\"Dup\",\"email\":\"" + email + "\"}");
        assertThat(allowed.status()).isEqualTo(201);
        Response twoCandidates = api.post("/api/contacts", "{\"firstName\":\"Dup\",\"email\":\"" + email + "\"}");
        assertThat(twoCandidates.json().get("candidates").size()).isEqualTo(2);
    }

    @Test
    void mergingKeepsTheSurvivorWithChosenFieldsAndMarksTheOthersMerged() {
        String n = Long.toString(System.nanoTime());
        String survivor = create("{\"firstName\":\"Grace\",\"email\":\"grace-" + n + "@example.com\",\"tags\":[\"navy\"],\"lifecycleStage\":\"lead\"}");
        String other = create("{\"firstName\":\"Gracie\",\"lastName\":\"Hopper\",\"email\":\"ghopper-" + n + "@example.com\","
                + "\"phone\":\"+1 650 253 0000\",\"tags\":[\"cobol\"],\"lifecycleStage\":\"customer\",\"jobTitle\":\"Rear Admiral\"}");
        String third = create("{\"firstName\":\"G.\",\"email\":\"gh3-" + n + "@example.com\"}");

        Response merged = api.post("/api/contacts/" + survivor + "/merge", """
                {"mergeIds":["%s","%s"],"choose":{"lifecycleStage":"%s","firstName":"%s"}}""".formatted(other, third, other, survivor),
                Map.of("If-Match", "\"0\""));
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        var json = merged.json();
        assertThat(json.get("id").asString()).isEqualTo(survivor);
        assertThat(json.get("firstName").asString()).isEqualTo("Grace");
        assertThat(json.get("lastName").asString()).isEqualTo("Hopper"); // the survivor had none
        assertThat(json.get("jobTitle").asString()).isEqualTo("Rear Admiral");
        assertThat(json.get("lifecycleStage").asString()).isEqualTo("customer");
        assertThat(json.get("email").asString()).isEqualTo("grace-" + n + "@example.com");
        assertThat(json.get("otherEmails").valueStream().map(e -> e.asString()).toList())
                .containsExactly("ghopper-" + n + "@example.com", "gh3-" + n + "@example.com");
        assertThat(json.get("phone").asString()).isEqualTo("+16502530000");
        assertThat(json.get("tags").valueStream().map(e -> e.asString()).toList()).containsExactly("navy", "cobol");
        assertThat(merged.header("ETag")).isEqualTo("\"1\"");

        EventEnvelope mergedEvent = events.awaitEvent(ofType("pulse.contact.merged.v1", survivor));
        assertThat(mergedEvent.data().get("survivorId").asString()).isEqualTo(survivor);
        assertThat(mergedEvent.data().get("mergedIds").valueStream().map(e -> e.asString()).toList()).containsExactly(other, third);
        assertThat(mergedEvent.data().at("/changes/lastName/to").asString()).isEqualTo("Hopper");
        EventEnvelope gone = events.awaitEvent(ofType("pulse.contact.deleted.v1", other));
        assertThat(gone.data().get("mergedInto").asString()).isEqualTo(survivor);
        events.awaitEvent(ofType("pulse.contact.deleted.v1", third));
        assertThat(events.records()).filteredOn(r -> r.key().equals(survivor) || r.key().equals(other))
                .hasSize(4).allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));

        assertThat(api.get("/api/contacts/" + other).status()).isEqualTo(404);
        // the merged contacts' emails now belong to the survivor: a new contact with one of them is its duplicate
        Response again = api.post("/api/contacts", "{\"firstName\":\"G\",\"email\":\"ghopper-" + n + "@example.com\"}");
        assertThat(again.json().get("candidates").valueStream().map(c -> c.get("id").asString()).toList()).containsExactly(survivor);
    }

    @Test
    void badMergesAreRefused() {
        String n = Long.toString(System.nanoTime());
        String a = create("{\"firstName\":\"A\",\"email\":\"a-" + n + "@example.com\"}");
        String b = create("{\"firstName\":\"B\",\"email\":\"b-" + n + "@example.com\"}");
        Map<String, String> v0 = Map.of("If-Match", "\"0\"");
        assertThat(api.post("/api/contacts/" + a + "/merge", "{\"mergeIds\":[\"" + a + "\"]}", v0).status()).isEqualTo(409);
        assertThat(api.post("/api/contacts/" + a + "/merge", "{\"mergeIds\":[]}", v0).status()).isEqualTo(400);
        assertThat(api.post("/api/contacts/" + a + "/merge", "{\"mergeIds\":[\"nope\"]}", v0).status()).isEqualTo(400);
        assertThat(api.post("/api/contacts/" + a + "/merge", "{\"mergeIds\":[\"" + b + "\"],\"choose\":{\"$where\":\"" + b + "\"}}", v0).status()).isEqualTo(400);
        assertThat(api.post("/api/contacts/" + a + "/merge", "{\"mergeIds\":[\"" + b + "\"],\"choose\":{\"email\":\"stranger\"}}", v0).status()).isEqualTo(400);
        assertThat(api.post("/api/contacts/" + a + "/merge", "{\"mergeIds\":[\"" + b + "\"]}", Map.of("If-Match", "\"3\"")).status()).isEqualTo(409);
        assertThat(api.post("/api/contacts/" + a + "/merge", "{\"mergeIds\":[\"" + b + "\"]}", Map.of()).status()).isEqualTo(428);
        assertThat(api.get("/api/contacts/" + b).status()).isEqualTo(200);
        assertThat(api.get("/api/contacts/" + a).json().get("version").asLong()).isZero();
    }

    @Test
    void aMergedAwayContactAnswers404NamingTheSurvivorToThoseWhoMaySeeIt() {
        String n = Long.toString(System.nanoTime());
        ApiClient ada = apiAs(TestIdentity.EAST_REP);
        String survivor = create(ada, "{\"firstName\":\"Keep\",\"email\":\"keep-" + n + "@example.com\"}");
        String merged = create(ada, "{\"firstName\":\"Gone\",\"email\":\"gone-" + n + "@example.com\"}");
        assertThat(api.post("/api/contacts/" + survivor + "/merge", "{\"mergeIds\":[\"" + merged + "\"]}", Map.of("If-Match", "\"0\"")).status())
                .isEqualTo(200);

        for (Response answer : List.of(ada.get("/api/contacts/" + merged),
                ada.patch("/api/contacts/" + merged, "{\"jobTitle\":\"x\"}", Map.of("If-Match", "\"1\"")),
                ada.delete("/api/contacts/" + merged, Map.of("If-Match", "\"1\"")),
                ada.get("/api/contacts/" + merged + "/history"),
                ada.get("/api/contacts/" + merged + "/timeline"))) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.json().get("mergedInto").asString()).isEqualTo(survivor);
        }
        // a contact that never existed has no such property, nor has the merged one for someone who may not see it
        assertThat(ada.get("/api/contacts/nope-" + n).json().has("mergedInto")).isFalse();
        Response stranger = apiAs(TestIdentity.WEST_REP).get("/api/contacts/" + merged);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.json().has("mergedInto")).isFalse();
        assertThat(stranger.body()).doesNotContain(survivor);

        // merged again: the answer names the contact that lives on
        String last = create(ada, "{\"firstName\":\"Last\",\"email\":\"last-" + n + "@example.com\"}");
        assertThat(api.post("/api/contacts/" + last + "/merge", "{\"mergeIds\":[\"" + survivor + "\"]}", Map.of("If-Match", "\"0\"")).status())
                .isEqualTo(200);
        assertThat(ada.get("/api/contacts/" + merged).json().get("mergedInto").asString()).isEqualTo(last);
        // given to another team, the survivor is no longer named to the first one
        assertThat(api.patch("/api/contacts/" + last, "{\"ownerId\":\"" + TestIdentity.WEST_REP + "\"}", Map.of("If-Match", "\"1\"")).status())
                .isEqualTo(200);
        Response hidden = ada.get("/api/contacts/" + merged);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.json().has("mergedInto")).isFalse();
        // a deleted survivor is named to no one
        assertThat(api.delete("/api/contacts/" + last, Map.of("If-Match", "\"2\"")).status()).isEqualTo(204);
        assertThat(api.get("/api/contacts/" + merged).json().has("mergedInto")).isFalse();
    }

    private String create(ApiClient client, String json) {
        Response response = client.post("/api/contacts", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private String create(String json) {
        Response response = api.post("/api/contacts", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }
}

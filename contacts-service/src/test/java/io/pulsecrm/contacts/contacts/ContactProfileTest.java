package io.pulsecrm.contacts.contacts;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The full contact profile: several emails and phones, messengers, address, source, stage, owner, tags, company. */
class ContactProfileTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    @Test
    void aContactCarriesItsWholeProfileIntoTheApiAndTheEvents() {
        String n = Long.toString(System.nanoTime());
        String companyId = api.post("/api/companies", "{\"name\":\"Profile Co " + n + "\"}").json().get("id").asString();
        Response created = api.post("/api/contacts", """
                {"firstName":"Ada","lastName":"Lovelace","email":"ADA-%1$s@example.com",
                 "otherEmails":["ada-%1$s@work.example.com","Ada-%1$s@example.com"],
                 "otherPhones":["+44 20 7123 9999"],
                 "messengers":[{"type":"Telegram","handle":"@ada"}],
                 "address":{"street":"1 Analytical Row","city":"London","country":"gb"},
                 "lifecycleStage":"Qualified","ownerId":"ada","companyId":"%2$s",
                 "tags":["VIP","vip"," engines "],"birthday":"1815-12-10",
                 "consent":{"emailMarketing":true,"smsMarketing":false}}""".formatted(n, companyId));
        assertThat(created.status()).as(created.toString()).isEqualTo(400); // born before 1900
        assertThat(created.json().at("/errors/0/field").asString()).isEqualTo("birthday");

        created = api.post("/api/contacts", """
                {"firstName":"Ada","lastName":"Lovelace","email":"ADA-%1$s@example.com",
                 "otherEmails":["ada-%1$s@work.example.com","Ada-%1$s@example.com"],
                 "otherPhones":["+44 20 7123 9999"],
                 "messengers":[{"type":"Telegram","handle":"@ada"}],
                 "address":{"street":"1 Analytical Row","city":"London","country":"gb"},
                 "lifecycleStage":"Qualified","ownerId":"ada","companyId":"%2$s",
                 "tags":["VIP","vip"," engines "],"birthday":"1985-12-10",
                 "consent":{"emailMarketing":true,"smsMarketing":false}}""".formatted(n, companyId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        var json = created.json();
        assertThat(json.get("email").asString()).isEqualTo("ada-" + n + "@example.com");
        assertThat(json.get("otherEmails").valueStream().map(e -> e.asString()).toList()).containsExactly("ada-" + n + "@work.example.com");
        assertThat(json.get("phone").asString()).isEqualTo("+442071239999"); // the first other phone became primary
        assertThat(json.get("otherPhones").size()).isZero();
        assertThat(json.at("/messengers/0/type").asString()).isEqualTo("telegram");
        assertThat(json.at("/address/country").asString()).isEqualTo("GB");
        assertThat(json.get("lifecycleStage").asString()).isEqualTo("qualified");
        assertThat(json.get("source").asString()).isEqualTo("api");
        assertThat(json.get("tags").valueStream().map(e -> e.asString()).toList()).containsExactly("vip", "engines");
        assertThat(json.get("birthday").asString()).isEqualTo("1985-12-10");
        assertThat(json.at("/consent/emailMarketing").asBoolean()).isTrue();
        assertThat(json.get("companyId").asString()).isEqualTo(companyId);

        EventEnvelope createdEvent = events.awaitEvent(ofType("pulse.contact.created.v1", id));
        assertThat(createdEvent.data().at("/contact/companyId").asString()).isEqualTo(companyId);
        assertThat(createdEvent.data().at("/contact/birthday").asString()).isEqualTo("1985-12-10");

        Response updated = api.patch("/api/contacts/" + id, """
                {"lifecycleStage":"customer","tags":["vip"],"address":null,"otherEmails":[]}""", Map.of("If-Match", "\"0\""));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("address").isNull()).isTrue();
        EventEnvelope updatedEvent = events.awaitEvent(ofType("pulse.contact.updated.v1", id));
        assertThat(updatedEvent.data().at("/changes/lifecycleStage/from").asString()).isEqualTo("qualified");
        assertThat(updatedEvent.data().at("/changes/lifecycleStage/to").asString()).isEqualTo("customer");
        assertThat(updatedEvent.data().at("/changes/tags/to/0").asString()).isEqualTo("vip");
        assertThat(updatedEvent.data().at("/changes").has("firstName")).isFalse();

        Response ofCompany = api.get("/api/companies/" + companyId + "/contacts");
        assertThat(ofCompany.status()).isEqualTo(200);
        assertThat(ofCompany.json().get("items").valueStream().map(c -> c.get("id").asString()).toList()).containsExactly(id);

        assertThat(events.records()).filteredOn(r -> id.equals(r.key())).hasSize(2)
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void invalidProfileFieldsAreRefusedPerField() {
        Response bad = api.post("/api/contacts", """
                {"firstName":"Bad","lifecycleStage":"prospect","source":"fax","companyId":"no-such-company",
                 "otherEmails":["nope"],"messengers":[{"handle":"x"}],"tags":[""]}""");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("lifecycleStage", "source", "companyId", "otherEmails[0]", "messengers[0].type", "tags[0]");
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Bad\",\"tags\":\"vip\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Bad\",\"birthday\":\"yesterday\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Bad\",\"address\":{\"$where\":\"1\"}}").status()).isEqualTo(400);

        String id = api.post("/api/contacts", "{\"firstName\":\"Patchy\"}").json().get("id").asString();
        Response wrongType = api.patch("/api/contacts/" + id, "{\"tags\":{\"a\":1}}", Map.of("If-Match", "\"0\""));
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        assertThat(wrongType.json().at("/errors/0/field").asString()).isEqualTo("tags");
        assertThat(api.patch("/api/contacts/" + id, "{\"address\":{\"a.b\":1}}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(400);
        assertThat(api.patch("/api/contacts/" + id, "{\"companyId\":\"missing\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(400);
        assertThat(api.get("/api/contacts/" + id).json().get("version").asLong()).isZero();
        assertThat(List.of(api.get("/api/contacts?sort=name").status(), api.get("/api/contacts?q=" + "x".repeat(101)).status()))
                .containsOnly(400);
    }
}

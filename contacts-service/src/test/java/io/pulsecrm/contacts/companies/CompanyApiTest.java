package io.pulsecrm.contacts.companies;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CompanyApiTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Company.TOPIC);

    @Test
    void companiesHaveCrudWithAnEventForEachChange() {
        String domain = "acme-" + System.nanoTime() + ".com";
        Response created = api.post("/api/companies", """
                {"name":" Acme Corp ","domain":"https://www.%s/about","industry":"Manufacturing","size":"51-200",
                 "address":{"city":"Berlin","country":"de"},"ownerId":"%s"}""".formatted(domain.toUpperCase(), TestIdentity.EAST_REP));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/companies/" + id);
        assertThat(created.json().get("name").asString()).isEqualTo("Acme Corp");
        assertThat(created.json().get("domain").asString()).isEqualTo(domain);
        assertThat(created.json().at("/address/country").asString()).isEqualTo("DE");

        EventEnvelope createdEvent = events.awaitEvent(ofType("pulse.company.created.v1", id));
        assertThat(createdEvent.aggregateType()).isEqualTo("company");
        assertThat(createdEvent.data().at("/company/domain").asString()).isEqualTo(domain);

        Response updated = api.patch("/api/companies/" + id, "{\"industry\":\"Robotics\",\"size\":null}", Map.of("If-Match", "\"0\""));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("size").isNull()).isTrue();
        EventEnvelope updatedEvent = events.awaitEvent(ofType("pulse.company.updated.v1", id));
        assertThat(updatedEvent.data().at("/changes/industry/from").asString()).isEqualTo("Manufacturing");
        assertThat(updatedEvent.data().at("/changes/size/from").asString()).isEqualTo("51-200");

        Response list = api.get("/api/companies?q=acme%20c&limit=200");
        assertThat(list.json().get("items").valueStream().map(c -> c.get("id").asString())).contains(id);

        assertThat(api.delete("/api/companies/" + id, Map.of("If-Match", "\"1\"")).status()).isEqualTo(204);
        events.awaitEvent(ofType("pulse.company.deleted.v1", id));
        assertThat(api.get("/api/companies/" + id).status()).isEqualTo(404);
        assertThat(events.records()).filteredOn(r -> id.equals(r.key())).hasSize(3)
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void aCompanyHasAMainPhoneReadInTheCallersRegionAndTagsWhoseChangesAreEvents() {
        // ada's own phone region is not set: the organisation's default (US) reads national numbers
        Response created = apiAs(TestIdentity.EAST_REP).post("/api/companies", """
                {"name":"Phoned %d","phone":"(617) 555-0100","tags":[" VIP ","Partner","vip"]}""".formatted(System.nanoTime()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("phone").asString()).isEqualTo("+16175550100");
        assertThat(created.json().get("phoneUnverified").asBoolean()).isFalse();
        assertThat(created.json().get("tags").valueStream().map(tag -> tag.asString())).containsExactly("vip", "partner");
        EventEnvelope createdEvent = events.awaitEvent(ofType("pulse.company.created.v1", id));
        assertThat(createdEvent.data().at("/company/phone").asString()).isEqualTo("+16175550100");

        Response refused = apiAs(TestIdentity.EAST_REP).patch("/api/companies/" + id, "{\"phone\":\"ext. 12\"}", Map.of("If-Match", "\"0\""));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("phone");
        Response kept = apiAs(TestIdentity.EAST_REP).patch("/api/companies/" + id,
                "{\"phone\":\"ext. 12\",\"phoneUnverified\":true,\"tags\":[\"partner\"]}", Map.of("If-Match", "\"0\""));
        assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
        assertThat(kept.json().get("phone").asString()).isEqualTo("ext. 12");
        assertThat(kept.json().get("phoneUnverified").asBoolean()).isTrue();
        EventEnvelope updated = events.awaitEvent(ofType("pulse.company.updated.v1", id));
        assertThat(updated.data().at("/changes/phone/from").asString()).isEqualTo("+16175550100");
        assertThat(updated.data().at("/changes/tags/to/0").asString()).isEqualTo("partner");
        assertThat(events.records()).filteredOn(r -> id.equals(r.key())).allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));

        Response tooMany = api.post("/api/companies", "{\"name\":\"Tagged\",\"tags\":" + java.util.stream.IntStream.range(0, 21)
                .mapToObj(i -> "\"t" + i + "\"").toList() + "}");
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.json().at("/errors/0/field").asString()).isEqualTo("tags");
    }

    @Test
    void aCompanyWithAKnownDomainIsAPossibleDuplicate() {
        String domain = "dup-" + System.nanoTime() + ".io";
        Response first = api.post("/api/companies", "{\"name\":\"Dup One\",\"domain\":\"" + domain + "\"}");
        assertThat(first.status()).isEqualTo(201);

        Response second = api.post("/api/companies", "{\"name\":\"Dup Two\",\"domain\":\"http://WWW." + domain + "\"}");
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(second.header("Content-Type")).startsWith("application/problem+json");
        assertThat(second.json().at("/candidates/0/id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(second.json().at("/candidates/0/matchedOn").asString()).isEqualTo("domain");

        Response forced = api.post("/api/companies?allowDuplicate=true", "{\"name\":\"Dup Two\",\"domain\":\"" + domain + "\"}");
        assertThat(forced.status()).isEqualTo(201);
    }

    @Test
    void badCompanyInputIsA400() {
        Response bad = api.post("/api/companies", "{\"domain\":\"not a domain\",\"size\":\"huge\",\"address\":{\"country\":\"Germany\"}}");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("name", "domain", "size", "address.country");
        assertThat(api.post("/api/companies", "{\"name\":\"X\",\"$where\":\"1\"}").status()).isEqualTo(400);
        String id = api.post("/api/companies", "{\"name\":\"Patchable\"}").json().get("id").asString();
        Response patch = api.patch("/api/companies/" + id, "{\"a.b\":1,\"$set\":{}}", Map.of("If-Match", "\"0\""));
        assertThat(patch.status()).isEqualTo(400);
        assertThat(api.patch("/api/companies/" + id, "{\"name\":7}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(400);
        assertThat(api.get("/api/companies/" + id + "/contacts").status()).isEqualTo(200);
        assertThat(api.get("/api/companies/nope/contacts").status()).isEqualTo(404);
        assertThat(api.get("/api/companies?q=%CC%81").status()).isEqualTo(400); // only a combining accent
        assertThat(api.get("/api/contacts?q=%CC%81").status()).isEqualTo(400);
    }

    @Test
    void theListReadsCompaniesByIdsInOneRequestWithinWhatTheCallerSees() {
        String ada = api.post("/api/companies", "{\"name\":\"Ids Ada\",\"ownerId\":\"" + TestIdentity.EAST_REP + "\"}").json().get("id").asString();
        String cleo = api.post("/api/companies", "{\"name\":\"Ids Cleo\",\"ownerId\":\"" + TestIdentity.WEST_REP + "\"}").json().get("id").asString();
        String other = api.post("/api/companies", "{\"name\":\"Ids Other\",\"ownerId\":\"" + TestIdentity.EAST_REP + "\"}").json().get("id").asString();

        Response asAda = apiAs(TestIdentity.EAST_REP).get("/api/companies?ids=" + ada + "," + cleo + ",,no-such&sort=name");
        assertThat(asAda.status()).as(asAda.toString()).isEqualTo(200);
        assertThat(asAda.json().get("items").valueStream().map(c -> c.get("id").asString()).toList())
                .as("another team's company stays hidden").containsExactly(ada);
        assertThat(api.get("/api/companies?ids=" + ada + "," + cleo).json().get("items").valueStream()
                .map(c -> c.get("id").asString()).toList()).containsExactlyInAnyOrder(ada, cleo).doesNotContain(other);

        Response tooMany = api.get("/api/companies?ids="
                + String.join(",", java.util.stream.IntStream.range(0, 201).mapToObj(i -> "id" + i).toList()));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/errors/0/field").asString()).isEqualTo("ids");
        assertThat(api.get("/api/companies?ids=,").status()).isEqualTo(400);
    }
}

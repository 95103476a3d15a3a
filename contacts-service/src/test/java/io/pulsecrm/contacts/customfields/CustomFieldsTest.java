package io.pulsecrm.contacts.customfields;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CustomFieldsTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    @Test
    void definedFieldsAreValidatedOnWriteCarriedInEventsAndUsableInFilters() {
        String p = "f" + System.nanoTime() % 1_000_000_000L;
        define(p + "Budget", "money", null);
        define(p + "Seats", "number", null);
        define(p + "Tier", "select", List.of("gold", "silver"));
        define(p + "Products", "multi_select", List.of("crm", "erp", "bi"));
        define(p + "Renewal", "date", null);
        define(p + "Partner", "boolean", null);
        define(p + "Site", "url", null);
        define(p + "Notes", "text", null);
        assertThat(api.post("/api/custom-fields", "{\"key\":\"" + p + "Seats\",\"label\":\"Again\",\"type\":\"number\"}").status()).isEqualTo(409);
        assertThat(api.get("/api/custom-fields?objectType=contact").json().get("items").valueStream()
                .filter(d -> d.get("key").asString().startsWith(p)).count()).isEqualTo(8);

        Response created = api.post("/api/contacts", """
                {"firstName":"Custom","customFields":{"%1$sBudget":{"amount":1200.5,"currency":"eur"},"%1$sSeats":25,
                 "%1$sTier":"gold","%1$sProducts":["crm","bi"],"%1$sRenewal":"2027-01-31","%1$sPartner":true,
                 "%1$sSite":"https://example.com","%1$sNotes":" hi "}}""".formatted(p));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        var custom = created.json().get("customFields");
        assertThat(custom.at("/" + p + "Budget/currency").asString()).isEqualTo("EUR");
        assertThat(custom.get(p + "Seats").asDouble()).isEqualTo(25.0);
        assertThat(custom.get(p + "Notes").asString()).isEqualTo("hi");
        EventEnvelope event = events.awaitEvent(ofType("pulse.contact.created.v1", id));
        assertThat(event.data().at("/contact/customFields/" + p + "Tier").asString()).isEqualTo("gold");

        String other = api.post("/api/contacts", "{\"firstName\":\"Other\",\"customFields\":{\"" + p + "Tier\":\"silver\",\"" + p + "Seats\":3}}")
                .json().get("id").asString();
        assertThat(ids("cf." + p + "Tier=gold")).containsExactly(id);
        assertThat(ids("cf." + p + "Seats=3")).containsExactly(other);
        assertThat(ids("cf." + p + "Products=bi")).containsExactly(id);
        assertThat(ids("cf." + p + "Partner=true")).containsExactly(id);
        assertThat(ids("cf." + p + "Budget=1200.5")).containsExactly(id);
        assertThat(api.get("/api/contacts?cf." + p + "Seats=many").status()).isEqualTo(400);
        assertThat(api.get("/api/contacts?cf.nothing=1").status()).isEqualTo(400);
        assertThat(api.get("/api/contacts?cf.%24where=1").status()).isEqualTo(400);

        // merge patch of custom fields: set one, remove one, keep the rest
        Response patched = api.patch("/api/contacts/" + id, "{\"customFields\":{\"" + p + "Tier\":\"silver\",\"" + p + "Notes\":null}}",
                Map.of("If-Match", "\"0\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("customFields").has(p + "Notes")).isFalse();
        assertThat(patched.json().at("/customFields/" + p + "Tier").asString()).isEqualTo("silver");
        assertThat(patched.json().at("/customFields/" + p + "Seats").asDouble()).isEqualTo(25.0);
        EventEnvelope updated = events.awaitEvent(ofType("pulse.contact.updated.v1", id));
        assertThat(updated.data().at("/changes/customFields/to/" + p + "Tier").asString()).isEqualTo("silver");
        assertThat(events.records()).filteredOn(r -> id.equals(r.key())).hasSize(2)
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        // nothing changed: no new version
        assertThat(api.patch("/api/contacts/" + id, "{\"customFields\":{\"" + p + "Seats\":25}}", Map.of("If-Match", "\"1\""))
                .header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void wrongValuesAndDefinitionsAreRefusedPerField() {
        String p = "g" + System.nanoTime() % 1_000_000_000L;
        define(p + "Seats", "number", null);
        define(p + "Tier", "select", List.of("gold"));
        define(p + "Budget", "money", null);
        define(p + "Site", "url", null);
        Response bad = api.post("/api/contacts", """
                {"firstName":"Bad","customFields":{"%1$sSeats":"many","%1$sTier":"bronze","%1$sBudget":{"amount":"1","currency":"EUR"},
                 "%1$sSite":"ftp://x","unknownField":1,"$where":"1"}}""".formatted(p));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList()).containsExactlyInAnyOrder(
                "customFields." + p + "Seats", "customFields." + p + "Tier", "customFields." + p + "Budget",
                "customFields." + p + "Site", "customFields.unknownField", "customFields.$where");

        Response badDefinition = api.post("/api/custom-fields", "{\"key\":\"a.b\",\"type\":\"colour\",\"options\":[\"x\"]}");
        assertThat(badDefinition.status()).isEqualTo(400);
        assertThat(badDefinition.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("key", "label", "type", "options");
        assertThat(api.post("/api/custom-fields", "{\"key\":\"" + p + "S\",\"label\":\"S\",\"type\":\"select\"}").status()).isEqualTo(400);
        assertThat(api.post("/api/custom-fields", "{\"objectType\":\"deal\",\"key\":\"x\",\"label\":\"S\",\"type\":\"text\"}").status()).isEqualTo(400);
        assertThat(api.delete("/api/custom-fields/contact/" + p + "Site", Map.of()).status()).isEqualTo(204);
        assertThat(api.delete("/api/custom-fields/contact/" + p + "Site", Map.of()).status()).isEqualTo(404);
    }

    private void define(String key, String type, List<String> options) {
        String body = "{\"key\":\"" + key + "\",\"label\":\"" + key + "\",\"type\":\"" + type + "\""
                + (options == null ? "" : ",\"options\":[" + String.join(",", options.stream().map(o -> "\"" + o + "\"").toList()) + "]") + "}";
        Response response = api.post("/api/custom-fields", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private List<String> ids(String query) {
        Response response = api.get("/api/contacts?limit=200&" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").valueStream().map(c -> c.get("id").asString()).toList();
    }
}

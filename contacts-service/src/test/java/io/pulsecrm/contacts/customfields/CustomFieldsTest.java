package io.pulsecrm.contacts.customfields;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.companies.Company;
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
    @RegisterExtension
    static final EventCollector companyEvents = EventCollector.forTopics(Company.TOPIC);

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

    @Test
    void companiesHaveTheirOwnCustomFieldsValidatedFilteredAndSortedTheSameWay() {
        String p = "c" + System.nanoTime() % 1_000_000_000L;
        define("company", p + "Arr", "money", null);
        define("company", p + "Seats", "number", null);
        define("company", p + "Tier", "select", List.of("gold", "silver"));
        define("company", p + "Regions", "multi_select", List.of("emea", "apac"));
        define("company", p + "Since", "date", null);
        define("company", p + "Public", "boolean", null);
        define("company", p + "Site", "url", null);
        define("company", p + "Notes", "text", null);
        define("contact", p + "OnlyPeople", "text", null);
        assertThat(api.get("/api/custom-fields?objectType=company").json().get("items").valueStream()
                .filter(d -> d.get("key").asString().startsWith(p)).count()).isEqualTo(8);
        assertThat(api.get("/api/custom-fields?objectType=deal").status()).isEqualTo(400);

        Response created = api.post("/api/companies", """
                {"name":"Custom Co","customFields":{"%1$sArr":{"amount":120000,"currency":"usd"},"%1$sSeats":250,
                 "%1$sTier":"gold","%1$sRegions":["emea","apac"],"%1$sSince":"2019-05-01","%1$sPublic":true,
                 "%1$sSite":"https://custom.example","%1$sNotes":" key account "}}""".formatted(p));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().at("/customFields/" + p + "Arr/currency").asString()).isEqualTo("USD");
        assertThat(created.json().at("/customFields/" + p + "Notes").asString()).isEqualTo("key account");
        EventEnvelope event = companyEvents.awaitEvent(ofType("pulse.company.created.v1", id));
        assertThat(event.data().at("/company/customFields/" + p + "Tier").asString()).isEqualTo("gold");

        // unknown keys (including the contacts' own fields) and wrong types: 400 naming each field
        Response bad = api.post("/api/companies", """
                {"name":"Bad Co","customFields":{"%1$sSeats":"many","%1$sTier":"bronze","%1$sPublic":"yes",
                 "%1$sOnlyPeople":"x","$where":"1"}}""".formatted(p));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList()).containsExactlyInAnyOrder(
                "customFields." + p + "Seats", "customFields." + p + "Tier", "customFields." + p + "Public",
                "customFields." + p + "OnlyPeople", "customFields.$where");
        Response badPatch = api.patch("/api/companies/" + id, "{\"customFields\":{\"" + p + "Since\":\"yesterday\"}}", Map.of("If-Match", "\"0\""));
        assertThat(badPatch.status()).isEqualTo(400);
        assertThat(badPatch.json().at("/errors/0/field").asString()).isEqualTo("customFields." + p + "Since");

        // a merge patch of custom fields: set one, remove one, keep the rest; the change is in the event
        Response patched = api.patch("/api/companies/" + id, "{\"customFields\":{\"" + p + "Tier\":\"silver\",\"" + p + "Notes\":null}}",
                Map.of("If-Match", "\"0\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("customFields").has(p + "Notes")).isFalse();
        assertThat(patched.json().at("/customFields/" + p + "Seats").asDouble()).isEqualTo(250.0);
        EventEnvelope updated = companyEvents.awaitEvent(ofType("pulse.company.updated.v1", id));
        assertThat(updated.data().at("/changes/customFields/to/" + p + "Tier").asString()).isEqualTo("silver");
        assertThat(companyEvents.records()).filteredOn(r -> id.equals(r.key())).hasSize(2)
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));

        String small = api.post("/api/companies", "{\"name\":\"Small Co\",\"customFields\":{\"" + p + "Seats\":5,\"" + p
                + "Arr\":{\"amount\":900.5,\"currency\":\"EUR\"},\"" + p + "Tier\":\"gold\"}}").json().get("id").asString();
        String none = api.post("/api/companies", "{\"name\":\"Plain Co\",\"customFields\":{\"" + p + "Tier\":\"gold\"}}").json().get("id").asString();
        String mid = api.post("/api/companies", "{\"name\":\"Mid Co\",\"customFields\":{\"" + p + "Seats\":40,\"" + p + "Tier\":\"gold\"}}").json().get("id").asString();
        assertThat(api.patch("/api/companies/" + id, "{\"customFields\":{\"" + p + "Tier\":\"gold\"}}", Map.of("If-Match", "\"1\"")).status()).isEqualTo(200);

        assertThat(companyIds("cf." + p + "Seats=250")).containsExactly(id);
        assertThat(companyIds("cf." + p + "Regions=apac")).containsExactly(id);
        assertThat(companyIds("cf." + p + "Arr=900.5")).containsExactly(small);
        assertThat(companyIds("cf." + p + "Public=true")).containsExactly(id);
        assertThat(companyIds("cf." + p + "Since=2019-05-01")).containsExactly(id);
        assertThat(api.get("/api/companies?cf." + p + "Seats=many").status()).isEqualTo(400);
        assertThat(api.get("/api/companies?cf." + p + "OnlyPeople=x").status()).isEqualTo(400);

        // sorts, paged one by one through the cursor: records without a value first ascending, last descending
        String tier = "cf." + p + "Tier=gold";
        assertThat(allPages("/api/companies?" + tier + "&sort=cf." + p + "Seats")).containsExactly(none, small, mid, id);
        assertThat(allPages("/api/companies?" + tier + "&sort=-cf." + p + "Seats")).containsExactly(id, mid, small, none);
        assertThat(allPages("/api/companies?" + tier + "&sort=cf." + p + "Arr")).containsExactly(none, mid, small, id);
        assertThat(allPages("/api/companies?" + tier + "&sort=-cf." + p + "Public")).containsExactly(id, mid, none, small);
        assertThat(allPages("/api/companies?" + tier + "&sort=name")).containsExactly(id, mid, none, small);
        assertThat(allPages("/api/companies?" + tier + "&sort=-name")).containsExactly(small, none, mid, id);
        assertThat(api.get("/api/companies?sort=cf." + p + "Regions").status()).isEqualTo(400);
        assertThat(api.get("/api/companies?sort=cf.nothing").status()).isEqualTo(400);
        assertThat(api.get("/api/companies?sort=cf.%24where").status()).isEqualTo(400);
        assertThat(api.get("/api/companies?sort=size").status()).isEqualTo(400);
        String cursor = api.get("/api/companies?limit=1&" + tier + "&sort=cf." + p + "Seats").json().get("nextCursor").asString();
        assertThat(api.get("/api/companies?limit=1&" + tier + "&sort=name&cursor=" + cursor).status()).isEqualTo(400);
    }

    @Test
    void contactsSortByCustomFieldsWithExactPaging() {
        String p = "s" + System.nanoTime() % 1_000_000_000L;
        define(p + "Score", "number", null);
        define(p + "Due", "date", null);
        define(p + "Note", "text", null);
        String tag = "sort-" + p.toLowerCase();
        String a = contact("{\"firstName\":\"A\",\"tags\":[\"" + tag + "\"],\"customFields\":{\"" + p + "Score\":-2.5,\"" + p + "Due\":\"2030-01-02\",\"" + p + "Note\":\"b\"}}");
        String b = contact("{\"firstName\":\"B\",\"tags\":[\"" + tag + "\"],\"customFields\":{\"" + p + "Score\":10,\"" + p + "Due\":\"2029-12-31\"}}");
        String c = contact("{\"firstName\":\"C\",\"tags\":[\"" + tag + "\"]}");
        String d = contact("{\"firstName\":\"D\",\"tags\":[\"" + tag + "\"],\"customFields\":{\"" + p + "Score\":10,\"" + p + "Note\":\"a\\nline\"}}");
        assertThat(allPages("/api/contacts?tag=" + tag + "&sort=cf." + p + "Score")).containsExactly(c, a, b, d);
        assertThat(allPages("/api/contacts?tag=" + tag + "&sort=-cf." + p + "Score")).containsExactly(d, b, a, c);
        assertThat(allPages("/api/contacts?tag=" + tag + "&sort=cf." + p + "Due")).containsExactly(c, d, b, a);
        assertThat(allPages("/api/contacts?tag=" + tag + "&sort=cf." + p + "Note")).containsExactly(b, c, d, a);
        assertThat(allPages("/api/companies/none/contacts?sort=cf." + p + "Score").size()).isZero();
    }

    private String contact(String json) {
        Response response = api.post("/api/contacts", json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private List<String> companyIds(String query) {
        Response response = api.get("/api/companies?limit=200&" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").valueStream().map(c -> c.get("id").asString()).toList();
    }

    /** Every item, one per page, following the cursors. */
    private List<String> allPages(String path) {
        List<String> ids = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Response page = api.get(path + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            if (page.status() == 404) {
                return ids;
            }
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().get("items").valueStream().forEach(item -> ids.add(item.get("id").asString()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
            assertThat(ids.size()).isLessThan(50);
        } while (cursor != null);
        return ids;
    }

    private void define(String key, String type, List<String> options) {
        define("contact", key, type, options);
    }

    private void define(String objectType, String key, String type, List<String> options) {
        String body = "{\"objectType\":\"" + objectType + "\",\"key\":\"" + key + "\",\"label\":\"" + key + "\",\"type\":\"" + type + "\""
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

package io.pulsecrm.deals.products;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProductApiTest extends DealsApiTestBase {

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode createProduct(String sku, String name, String extra) {
        Response created = api.post("/api/products", """
                {"sku":"%s","name":"%s"%s}""".formatted(sku, name, extra == null ? "" : "," + extra));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    @Test
    void aProductIsCreatedFoundChangedAndDeletedWithAnEventForEachStep() {
        String sku = unique("WID");
        Response created = api.post("/api/products", """
                {"sku":" %s ","name":"Widget Pro Ångström","description":"A widget\\nfor pros","unit":"pcs",
                 "prices":[{"currency":"eur","amount":12.5},{"currency":"JPY","amount":1500}],"taxRate":20}""".formatted(sku));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode product = created.json();
        String id = product.get("id").asString();
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(product.get("sku").asString()).isEqualTo(sku);
        assertThat(product.get("active").asBoolean()).isTrue();
        assertThat(product.at("/prices/0/currency").asString()).isEqualTo("EUR");
        assertThat(product.at("/prices/0/amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(product.at("/prices/1/amount").decimalValue()).isEqualByComparingTo("1500");
        assertThat(product.get("taxRate").decimalValue()).isEqualByComparingTo("20");

        // found by a word of its name (case and accents ignored) and by a prefix of its SKU
        assertThat(ids(api.get("/api/products?q=angs").json())).contains(id);
        assertThat(ids(api.get("/api/products?q=" + sku.substring(0, 6).toLowerCase()).json())).contains(id);
        assertThat(ids(api.get("/api/products?q=zzz-nothing").json())).doesNotContain(id);

        Response changed = api.patch("/api/products/" + id, "{\"active\":false,\"description\":null}", Map.of("If-Match", "\"0\""));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("active").asBoolean()).isFalse();
        assertThat(changed.json().get("description").isNull()).isTrue();
        assertThat(ids(api.get("/api/products?active=true&q=angs").json())).doesNotContain(id);
        assertThat(ids(api.get("/api/products?active=false&q=angs").json())).contains(id);

        assertThat(api.delete("/api/products/" + id, Map.of("If-Match", "\"1\"")).status()).isEqualTo(204);
        assertThat(api.get("/api/products/" + id).status()).isEqualTo(404);
        // the SKU is free again
        createProduct(sku, "Widget Pro 2", null);

        events.awaitEvent(ofType("pulse.product.deleted.v1", id));
        var records = events.records().stream().filter(r -> id.equals(r.key())).toList();
        assertThat(records).allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        List<EventEnvelope> productEvents = records.stream().map(r -> EventJson.read(r.value())).toList();
        assertThat(productEvents).extracting(EventEnvelope::type)
                .containsExactly("pulse.product.created.v1", "pulse.product.updated.v1", "pulse.product.deleted.v1");
        assertThat(productEvents.get(1).data().at("/changes/active/to").asBoolean()).isFalse();
        assertThat(productEvents.get(2).data().get("sku").asString()).isEqualTo(sku);
    }

    @Test
    void theListIsPagedByNameWithAStableCursor() {
        String prefix = unique("pg").replace("-", "");
        for (String name : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
            createProduct(unique("P"), prefix + " " + name, null);
        }
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/products?limit=2&q=" + prefix + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(p -> names.add(p.get("name").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(names).containsExactly(prefix + " alpha", prefix + " bravo", prefix + " charlie", prefix + " delta",
                prefix + " echo");
        assertFieldError(api.get("/api/products?cursor=@@@"), "cursor");
        assertFieldError(api.get("/api/products?q=" + "x".repeat(101)), "q");
        assertThat(api.get("/api/products?limit=500").status()).isEqualTo(400);
    }

    @Test
    void aSkuIsUniqueIgnoringCaseEvenWhenTwoRequestsRace() throws Exception {
        String sku = unique("RACE");
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "Racer " + i;
            attempts.add(() -> api.post("/api/products", "{\"sku\":\"" + (name.endsWith("1") ? sku.toLowerCase() : sku)
                    + "\",\"name\":\"" + name + "\"}").status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (Future<Integer> f : pool.invokeAll(attempts)) {
                statuses.add(f.get());
            }
        }
        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 400);
        Response again = api.post("/api/products", "{\"sku\":\"" + sku.toLowerCase() + "\",\"name\":\"Late\"}");
        assertFieldError(again, "sku");
        assertThat(again.json().at("/errors/0/message").asString()).contains("already the SKU");

        // a change to another product's SKU is refused too
        JsonNode other = createProduct(unique("OTHER"), "Other", null);
        assertFieldError(api.patch("/api/products/" + other.get("id").asString(), "{\"sku\":\"" + sku + "\"}",
                Map.of("If-Match", "\"0\"")), "sku");
    }

    @Test
    void twoEditsOfTheSameVersionGiveOneConflictAndAChangeNeedsIfMatch() throws Exception {
        JsonNode product = createProduct(unique("LOCK"), "Locked", null);
        String path = "/api/products/" + product.get("id").asString();
        List<Callable<Integer>> edits = List.of(
                () -> api.patch(path, "{\"name\":\"First\"}", Map.of("If-Match", "\"0\"")).status(),
                () -> api.patch(path, "{\"name\":\"Second\"}", Map.of("If-Match", "\"0\"")).status());
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (Future<Integer> f : pool.invokeAll(edits)) {
                statuses.add(f.get());
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertProblem(api.patch(path, "{\"name\":\"Third\"}", Map.of("If-Match", "\"0\"")), 409, "");
        assertThat(api.patch(path, "{\"name\":\"Third\"}", Map.of()).status()).isEqualTo(428);
        assertThat(api.get(path).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void badProductsAreRefusedNamingEveryField() {
        Response bad = api.post("/api/products", """
                {"sku":"has space","name":"","prices":[{"currency":"EUR","amount":-1},{"currency":"JPY","amount":1.5},
                 {"currency":"XYZ","amount":1},{"currency":"eur","amount":2}],"taxRate":101}""");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .contains("sku", "name", "prices[0].amount", "prices[1].amount", "prices[2].currency", "prices[3].currency",
                        "taxRate");
        JsonNode product = createProduct(unique("PATCH"), "Patchable", null);
        Response unknown = api.patch("/api/products/" + product.get("id").asString(), "{\"$set\":{\"active\":false},\"a.b\":1}",
                Map.of("If-Match", "\"0\""));
        assertFieldError(unknown, "$set");
        assertFieldError(unknown, "a.b");
        assertThat(api.get("/api/products/nope").status()).isEqualTo(404);
    }

    @Test
    void managersAndAdminsEditTheCatalogueRepsReadIt() {
        JsonNode product = createProduct(unique("ROLE"), "Role check", null);
        String sku = unique("MGR");
        Response byManager = apiAs(TestIdentity.EAST_MANAGER).post("/api/products", "{\"sku\":\"" + sku + "\",\"name\":\"By manager\"}");
        assertThat(byManager.status()).as(byManager.toString()).isEqualTo(201);
        Response byRep = apiAs(TestIdentity.EAST_REP).post("/api/products", "{\"sku\":\"" + unique("REP") + "\",\"name\":\"By rep\"}");
        assertProblem(byRep, 403, "admins and managers");
        assertThat(apiAs(TestIdentity.EAST_REP).patch("/api/products/" + product.get("id").asString(), "{\"name\":\"x\"}",
                Map.of("If-Match", "\"0\"")).status()).isEqualTo(403);
        assertThat(apiAs(TestIdentity.EAST_REP).get("/api/products/" + product.get("id").asString()).status()).isEqualTo(200);
    }

    @Test
    void aRepeatedCreateWithTheSameIdempotencyKeyAnswersTheFirstProduct() {
        String key = UUID.randomUUID().toString();
        String body = "{\"sku\":\"" + unique("IDEM") + "\",\"name\":\"Once\"}";
        Response first = api.post("/api/products", body, Map.of("Idempotency-Key", key));
        Response second = api.post("/api/products", body, Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
    }

    private static List<String> ids(JsonNode page) {
        return page.get("items").valueStream().map(p -> p.get("id").asString()).toList();
    }
}

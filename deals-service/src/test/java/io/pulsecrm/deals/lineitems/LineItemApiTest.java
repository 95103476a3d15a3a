package io.pulsecrm.deals.lineitems;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LineItemApiTest extends DealsApiTestBase {

    private String pipelineId;
    private JsonNode product;

    @BeforeEach
    void catalogue() {
        if (pipelineId == null) {
            pipelineId = createSalesPipeline("Line items").get("id").asString();
        }
        Response created = api.post("/api/products", """
                {"sku":"%s","name":"Consulting day","unit":"day","taxRate":20,
                 "prices":[{"currency":"EUR","amount":999.99},{"currency":"USD","amount":1100}]}"""
                .formatted("CONS-" + UUID.randomUUID().toString().substring(0, 8)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        product = created.json();
    }

    private JsonNode newDeal(String currency) {
        return createDeal(pipelineId, "{\"title\":\"Items\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"u\""
                + (currency == null ? "" : ",\"amount\":5,\"currency\":\"" + currency + "\"") + "}");
    }

    private Response add(JsonNode deal, String body) {
        return api.post("/api/deals/" + deal.get("id").asString() + "/line-items", body, ifMatch(deal));
    }

    private JsonNode added(JsonNode deal, String body) {
        Response response = add(deal, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static Map<String, String> ifMatch(JsonNode deal) {
        return Map.of("If-Match", "\"" + deal.get("version").asLong() + "\"", "Content-Type", "application/json");
    }

    @Test
    void theDealAmountFollowsItsItemsExactlyAndEachChangeIsAnUpdatedEvent() {
        JsonNode deal = newDeal("EUR");
        String id = deal.get("id").asString();
        // 3 days at the catalogue's EUR price with its 20 % tax: net 2999.97, tax 599.994 → 599.99, total 3599.96
        deal = added(deal, "{\"productId\":\"" + product.get("id").asString() + "\",\"quantity\":3}");
        JsonNode first = deal.at("/lineItems/0");
        assertThat(first.get("sku").asString()).isEqualTo(product.get("sku").asString());
        assertThat(first.get("name").asString()).isEqualTo("Consulting day");
        assertThat(first.get("unit").asString()).isEqualTo("day");
        assertThat(first.at("/unitPrice/amount").decimalValue()).isEqualByComparingTo("999.99");
        assertThat(first.at("/unitPrice/currency").asString()).isEqualTo("EUR");
        assertThat(first.at("/net/amount").decimalValue()).isEqualByComparingTo("2999.97");
        assertThat(first.at("/tax/amount").decimalValue()).isEqualByComparingTo("599.99");
        assertThat(first.at("/total/amount").decimalValue()).isEqualByComparingTo("3599.96");
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("3599.96");

        // free text, 2.5 hours at 80.10 (gross 200.25) less 12.5 % (25.03125 → 25.03): net 175.22, no tax
        deal = added(deal, """
                {"name":"Setup hours","quantity":2.5,"unitPrice":80.10,"discount":{"type":"percent","value":12.5}}""");
        JsonNode second = deal.at("/lineItems/1");
        assertThat(second.get("productId").isNull()).isTrue();
        assertThat(second.at("/net/amount").decimalValue()).isEqualByComparingTo("175.22");
        assertThat(second.at("/tax/amount").decimalValue()).isEqualByComparingTo("0");
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("3775.18");
        assertThat(deal.at("/lineItemTotals/gross/amount").decimalValue()).isEqualByComparingTo("3200.22");
        assertThat(deal.at("/lineItemTotals/discount/amount").decimalValue()).isEqualByComparingTo("25.03");
        assertThat(deal.at("/lineItemTotals/tax/amount").decimalValue()).isEqualByComparingTo("599.99");
        assertThat(deal.at("/lineItemTotals/total/amount").decimalValue()).isEqualByComparingTo("3775.18");
        assertThat(api.get("/api/deals/" + id).json().get("amount").decimalValue()).isEqualByComparingTo("3775.18");

        // the amount is the items' now: a direct change is refused, other fields are not
        assertProblem(api.patch("/api/deals/" + id, "{\"amount\":10}", ifMatch(deal)), 409, "line items");
        assertProblem(api.patch("/api/deals/" + id, "{\"currency\":\"USD\"}", ifMatch(deal)), 409, "line items");
        Response renamed = api.patch("/api/deals/" + id, "{\"title\":\"Renamed\"}", ifMatch(deal));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        deal = renamed.json();

        // change the first: 1 day with an amount discount of 99.99 → net 900.00, tax 180.00
        String firstId = first.get("id").asString();
        String secondId = second.get("id").asString();
        Response changed = api.send("PUT", "/api/deals/" + id + "/line-items/" + firstId, """
                {"productId":"%s","quantity":1,"discount":{"type":"amount","value":99.99}}""".formatted(product.get("id").asString()),
                ifMatch(deal));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        deal = changed.json();
        assertThat(deal.at("/lineItems/0/total/amount").decimalValue()).isEqualByComparingTo("1080.00");
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("1255.22");

        Response reordered = api.send("PUT", "/api/deals/" + id + "/line-items/order",
                "{\"itemIds\":[\"" + secondId + "\",\"" + firstId + "\"]}", ifMatch(deal));
        assertThat(reordered.status()).as(reordered.toString()).isEqualTo(200);
        deal = reordered.json();
        assertThat(deal.at("/lineItems/0/id").asString()).isEqualTo(secondId);
        assertFieldError(api.send("PUT", "/api/deals/" + id + "/line-items/order", "{\"itemIds\":[\"" + secondId + "\"]}",
                ifMatch(deal)), "itemIds");

        Response removed = api.delete("/api/deals/" + id + "/line-items/" + secondId, ifMatch(deal));
        assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
        deal = removed.json();
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("1080.00");
        deal = api.delete("/api/deals/" + id + "/line-items/" + firstId, ifMatch(deal)).json();
        assertThat(deal.get("lineItems").size()).isZero();
        assertThat(deal.get("lineItemTotals").isNull()).isTrue();
        // without items the amount is editable again
        Response edited = api.patch("/api/deals/" + id, "{\"amount\":10}", ifMatch(deal));
        assertThat(edited.status()).isEqualTo(200);
        deal = edited.json();
        assertThat(api.delete("/api/deals/" + id + "/line-items/" + firstId, ifMatch(deal)).status()).isEqualTo(404);

        long lastEvent = deal.get("version").asLong() + 1; // the created event is number 1, the deal's version 0
        events.awaitEvent(e -> id.equals(e.subject()) && e.aggregateVersion() == lastEvent);
        var updates = events.records().stream().filter(r -> id.equals(r.key())).toList();
        assertThat(updates).allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        List<EventEnvelope> dealEvents = updates.stream().map(r -> EventJson.read(r.value())).toList();
        EventEnvelope firstAdd = dealEvents.get(1);
        assertThat(firstAdd.type()).isEqualTo("pulse.deal.updated.v1");
        assertThat(firstAdd.data().at("/changes/lineItems/from").size()).isZero();
        assertThat(firstAdd.data().at("/changes/lineItems/to/0/total/amount").decimalValue()).isEqualByComparingTo("3599.96");
        assertThat(firstAdd.data().at("/changes/amount/from").decimalValue()).isEqualByComparingTo("5");
        assertThat(firstAdd.data().at("/changes/amount/to").decimalValue()).isEqualByComparingTo("3599.96");
        assertThat(firstAdd.data().at("/deal/lineItems/0/sku").asString()).isEqualTo(product.get("sku").asString());
    }

    @Test
    void refusedLineItemsSayWhichFieldIsWrong() {
        JsonNode deal = newDeal("EUR");
        assertFieldError(add(deal, "{\"productId\":\"no-such-product\",\"quantity\":1}"), "productId");
        assertFieldError(add(deal, "{\"name\":\"Zero\",\"quantity\":0,\"unitPrice\":1}"), "quantity");
        assertFieldError(add(deal, "{\"name\":\"Negative\",\"quantity\":-2,\"unitPrice\":1}"), "quantity");
        assertFieldError(add(deal, "{\"name\":\"No quantity\",\"unitPrice\":1}"), "quantity");
        assertFieldError(add(deal, "{\"name\":\"Huge\",\"quantity\":1000000000,\"unitPrice\":1000000000}"), "quantity");
        Response aboveThePrice = add(deal, "{\"name\":\"Too cheap\",\"quantity\":2,\"unitPrice\":10,"
                + "\"discount\":{\"type\":\"amount\",\"value\":20.01}}");
        assertFieldError(aboveThePrice, "discount.value");
        assertThat(aboveThePrice.json().at("/errors/0/message").asString()).contains("20.00 EUR");
        assertFieldError(add(deal, "{\"name\":\"Over 100\",\"quantity\":1,\"unitPrice\":10,"
                + "\"discount\":{\"type\":\"percent\",\"value\":100.5}}"), "discount.value");
        assertFieldError(add(deal, "{\"name\":\"Cents\",\"quantity\":1,\"unitPrice\":10.001}"), "unitPrice");
        assertFieldError(add(deal, "{\"name\":\"Free text\",\"quantity\":1}"), "unitPrice");
        assertFieldError(add(deal, "{\"quantity\":1,\"unitPrice\":3}"), "name");
        assertFieldError(add(deal, "{\"name\":\"Taxed\",\"quantity\":1,\"unitPrice\":3,\"taxRate\":-1}"), "taxRate");
        assertFieldError(add(deal, "{\"name\":\"Other money\",\"quantity\":1,\"unitPrice\":3,\"currency\":\"USD\"}"), "currency");

        JsonNode gbpDeal = newDeal("GBP");
        Response noPrice = add(gbpDeal, "{\"productId\":\"" + product.get("id").asString() + "\",\"quantity\":1}");
        assertFieldError(noPrice, "productId");
        assertThat(noPrice.json().at("/errors/0/message").asString()).contains("no price in GBP");
        // with a price given, the product can be sold in any currency
        assertThat(add(gbpDeal, "{\"productId\":\"" + product.get("id").asString() + "\",\"quantity\":1,\"unitPrice\":800}")
                .status()).isEqualTo(201);

        String productPath = "/api/products/" + product.get("id").asString();
        api.patch(productPath, "{\"active\":false}", Map.of("If-Match", "\"0\""));
        Response inactive = add(deal, "{\"productId\":\"" + product.get("id").asString() + "\",\"quantity\":1}");
        assertFieldError(inactive, "productId");
        assertThat(inactive.json().at("/errors/0/message").asString()).contains("inactive");

        assertThat(api.post("/api/deals/" + deal.get("id").asString() + "/line-items", "{\"name\":\"x\",\"quantity\":1,\"unitPrice\":1}",
                Map.of()).status()).isEqualTo(428);
        // nothing of this reached the deal
        JsonNode after = api.get("/api/deals/" + deal.get("id").asString()).json();
        assertThat(after.get("version").asLong()).isEqualTo(deal.get("version").asLong());
        assertThat(after.get("lineItems").size()).isZero();
    }

    @Test
    void aLineOfADeactivatedProductCanStillBeChangedButNotAddedAgain() {
        JsonNode deal = newDeal("EUR");
        String productId = product.get("id").asString();
        deal = added(deal, "{\"productId\":\"" + productId + "\",\"quantity\":1}");
        String itemId = deal.at("/lineItems/0/id").asString();
        assertThat(api.patch("/api/products/" + productId, "{\"active\":false,\"prices\":[]}", Map.of("If-Match", "\"0\""))
                .status()).isEqualTo(200);

        Response changed = api.send("PUT", "/api/deals/" + deal.get("id").asString() + "/line-items/" + itemId,
                "{\"productId\":\"" + productId + "\",\"quantity\":2}", ifMatch(deal));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().at("/lineItems/0/unitPrice/amount").decimalValue()).isEqualByComparingTo("999.99");
        assertThat(changed.json().at("/lineItems/0/sku").asString()).isEqualTo(product.get("sku").asString());
        assertFieldError(add(changed.json(), "{\"productId\":\"" + productId + "\",\"quantity\":1}"), "productId");
    }

    @Test
    void aDealWithoutCurrencyTakesTheFirstItemsCurrency() {
        JsonNode deal = newDeal(null);
        assertFieldError(add(deal, "{\"productId\":\"" + product.get("id").asString() + "\",\"quantity\":1}"), "currency");
        deal = added(deal, "{\"productId\":\"" + product.get("id").asString() + "\",\"quantity\":2,\"currency\":\"usd\"}");
        assertThat(deal.get("currency").asString()).isEqualTo("USD");
        assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("2640.00");
    }

    @Test
    void twoChangesOfTheSameVersionGiveOneConflict() throws Exception {
        JsonNode deal = newDeal("EUR");
        List<Callable<Integer>> adds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String body = "{\"name\":\"Racer " + i + "\",\"quantity\":1,\"unitPrice\":1}";
            JsonNode seen = deal;
            adds.add(() -> add(seen, body).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            for (Future<Integer> f : pool.invokeAll(adds)) {
                statuses.add(f.get());
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        JsonNode after = api.get("/api/deals/" + deal.get("id").asString()).json();
        assertThat(after.get("lineItems").size()).isEqualTo(1);
        assertThat(after.get("amount").decimalValue()).isEqualByComparingTo("1.00");
    }

    @Test
    void aRepeatedAddWithTheSameIdempotencyKeyAddsOneItem() {
        JsonNode deal = newDeal("EUR");
        String key = UUID.randomUUID().toString();
        String path = "/api/deals/" + deal.get("id").asString() + "/line-items";
        String body = "{\"name\":\"Once\",\"quantity\":1,\"unitPrice\":7}";
        Response first = api.post(path, body, Map.of("If-Match", "\"0\"", "Idempotency-Key", key));
        Response second = api.post(path, body, Map.of("If-Match", "\"0\"", "Idempotency-Key", key));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        assertThat(second.json().at("/lineItems/0/id").asString()).isEqualTo(first.json().at("/lineItems/0/id").asString());
        assertThat(api.get("/api/deals/" + deal.get("id").asString()).json().get("lineItems").size()).isEqualTo(1);
    }
}

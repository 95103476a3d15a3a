package io.pulsecrm.deals.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProductRevenueTest extends DealsApiTestBase {

    private JsonNode withItem(String pipelineId, String owner, String currency, String item) {
        JsonNode deal = createDeal(pipelineId, "{\"title\":\"Rev\",\"pipelineId\":\"$PIPELINE\",\"ownerId\":\"" + owner
                + "\",\"amount\":1,\"currency\":\"" + currency + "\"}");
        Response added = api.post("/api/deals/" + deal.get("id").asString() + "/line-items", item,
                Map.of("If-Match", "\"0\""));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added.json();
    }

    @Test
    void wonDealsCountPerProductAndCurrencyForWhomTheCallerMaySee() {
        String pipelineId = createSalesPipeline("Revenue").get("id").asString();
        String sku = "REV-" + UUID.randomUUID().toString().substring(0, 6);
        String productId = api.post("/api/products", """
                {"sku":"%s","name":"Licence","prices":[{"currency":"EUR","amount":100},{"currency":"USD","amount":120}],"taxRate":20}"""
                .formatted(sku)).json().get("id").asString();
        String line = "{\"productId\":\"" + productId + "\",\"quantity\":%s}";
        String ada = TestIdentity.EAST_REP;
        String cleo = TestIdentity.WEST_REP;
        action(withItem(pipelineId, ada, "EUR", line.formatted("3")), "win", "{}");
        action(withItem(pipelineId, cleo, "EUR", line.formatted("2")), "win", "{}");
        action(withItem(pipelineId, ada, "USD", line.formatted("1.5")), "win", "{}");
        JsonNode freeText = withItem(pipelineId, ada, "EUR",
                "{\"name\":\"Training\",\"quantity\":1,\"unitPrice\":50,\"discount\":{\"type\":\"percent\",\"value\":10}}");
        action(freeText, "win", "{}");
        withItem(pipelineId, ada, "EUR", line.formatted("7")); // open: not revenue

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode all = api.get("/api/pipelines/" + pipelineId + "/analytics/products?from=" + today + "&to=" + today).json();
        assertThat(rows(all.get("products"))).containsExactly(
                "Licence EUR 5 500.00 2", "Licence USD 1.5 180.00 1", "Training EUR 1 45.00 1");
        assertThat(all.at("/bestSellers/0/name").asString()).isEqualTo("Licence");
        assertThat(all.at("/bestSellers/0/units").decimalValue()).isEqualByComparingTo("5");

        // a rep sees their own deals only; the east manager does not see the west rep's sale
        JsonNode own = apiAs(ada).get("/api/pipelines/" + pipelineId + "/analytics/products").json();
        assertThat(rows(own.get("products"))).containsExactly("Licence EUR 3 300.00 1", "Licence USD 1.5 180.00 1",
                "Training EUR 1 45.00 1");
        JsonNode east = apiAs(TestIdentity.EAST_MANAGER).get("/api/pipelines/" + pipelineId + "/analytics/products").json();
        assertThat(rows(east.get("products"))).first().isEqualTo("Licence EUR 3 300.00 1");
        // a period before today has nothing
        JsonNode earlier = api.get("/api/pipelines/" + pipelineId + "/analytics/products?to=2020-01-01").json();
        assertThat(earlier.get("products").size()).isZero();
        assertFieldError(api.get("/api/pipelines/" + pipelineId + "/analytics/products?from=2026-02-01&to=2026-01-01"), "from");
    }

    private static java.util.List<String> rows(JsonNode rows) {
        return rows.valueStream().map(r -> r.get("name").asString() + " " + r.get("currency").asString() + " "
                + r.get("units").decimalValue().toPlainString() + " " + r.get("revenue").decimalValue().setScale(2).toPlainString()
                + " " + r.get("deals").asLong()).toList();
    }
}

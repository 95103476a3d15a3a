package io.pulsecrm.deals.deals;

import static io.pulsecrm.platform.test.TestIdentity.EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.tabular.Table;
import io.pulsecrm.platform.tabular.TableSettings;
import io.pulsecrm.platform.tabular.Tables;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/deals/export} over HTTP: the list's deals for its filters and the caller's visibility, as CSV that
 * Excel opens (BOM, the chosen delimiter) or xlsx, Cyrillic intact; bad options are a 400 naming the parameter.
 */
class DealExportTest extends DealsApiTestBase {

    private static final String TITLE = "Поставка; «Ромашка»";

    /** A fresh pipeline with ada's deal (two line items), a won deal of ada's and cleo's (west) deal. */
    private record Fixture(String pipelineId, String sku, JsonNode adas, JsonNode won, JsonNode cleos) {
    }

    private Fixture fixture() {
        String pipelineId = createSalesPipeline("Export " + UUID.randomUUID()).get("id").asString();
        String sku = "CHAIR-" + UUID.randomUUID().toString().substring(0, 8);
        Response product = api.post("/api/products", """
                {"sku":"%s","name":"Стул офисный","prices":[{"currency":"EUR","amount":120.50}]}""".formatted(sku));
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        JsonNode adas = create(apiAs(EAST_REP), pipelineId, TITLE);
        adas = addItem(adas, "{\"productId\":\"" + product.json().get("id").asString() + "\",\"quantity\":2.5}");
        adas = addItem(adas, "{\"name\":\"Доставка\",\"quantity\":1,\"unitPrice\":10}");
        JsonNode won = action(create(apiAs(EAST_REP), pipelineId, "Выигранная"), "win", "{}");
        JsonNode cleos = create(apiAs(WEST_REP), pipelineId, "Cleo's");
        return new Fixture(pipelineId, sku, adas, won, cleos);
    }

    private static JsonNode create(ApiClient as, String pipelineId, String title) {
        Response created = as.post("/api/deals", """
                {"title":"%s","pipelineId":"%s","currency":"EUR","expectedCloseDate":"2026-12-31"}"""
                .formatted(title.replace("\"", "\\\""), pipelineId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private JsonNode addItem(JsonNode deal, String body) {
        Response added = api.post("/api/deals/" + deal.get("id").asString() + "/line-items", body,
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added.json();
    }

    @Test
    void semicolonCsvKeepsCyrillicWithAByteOrderMarkAndSummarisesLineItems() {
        Fixture f = fixture();

        HttpResponse<byte[]> csv = api.download("/api/deals/export?delimiter=;&pipelineId=" + f.pipelineId());

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("deals.csv");
        byte[] bytes = csv.body();
        assertThat(List.of(bytes[0] & 0xff, bytes[1] & 0xff, bytes[2] & 0xff)).containsExactly(0xEF, 0xBB, 0xBF);
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).substring(1).lines().toList();
        assertThat(lines.getFirst()).isEqualTo(String.join(";", DealExport.COLUMNS));
        assertThat(lines).hasSize(4);
        String adas = lines.stream().filter(line -> line.startsWith(f.adas().get("id").asString())).findFirst().orElseThrow();
        // the title holds the delimiter, so it is quoted; the line items are counted and listed as SKU × quantity
        assertThat(adas).contains(";\"" + TITLE + "\";").contains(";open;").contains(";ada;")
                .contains(";Ada Lovelace;")
                .endsWith(";2;\"" + f.sku() + " × 2.5; Доставка × 1\"");
        assertThat(adas).contains(";2026-12-31;");
    }

    @Test
    void xlsxReadsBackWithTheSameCellsAndTheListsFilters() throws IOException {
        Fixture f = fixture();

        HttpResponse<byte[]> xlsx = api.download("/api/deals/export?format=xlsx&status=open&pipelineId=" + f.pipelineId());

        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow()).startsWith(TabularFormat.XLSX_MEDIA_TYPE);
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow()).contains("deals.xlsx");
        List<List<String>> rows = read(xlsx.body());
        assertThat(rows.getFirst()).containsExactlyElementsOf(DealExport.COLUMNS);
        // status=open: the won deal is left out, as the list leaves it out
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(1)).containsExactlyInAnyOrder(TITLE, "Cleo's");
        List<String> adas = rows.stream().filter(row -> row.getFirst().equals(f.adas().get("id").asString())).findFirst().orElseThrow();
        assertThat(adas.get(DealExport.COLUMNS.indexOf("stage"))).isEqualTo("Lead");
        assertThat(adas.get(DealExport.COLUMNS.indexOf("lineItems"))).isEqualTo(f.sku() + " × 2.5; Доставка × 1");
        assertThat(adas.get(DealExport.COLUMNS.indexOf("amount"))).isEqualTo(f.adas().get("amount").decimalValue().toPlainString());
    }

    @Test
    void aRepExportsOnlyTheDealsTheyMaySee() throws IOException {
        Fixture f = fixture();

        HttpResponse<byte[]> xlsx = apiAs(EAST_REP).download("/api/deals/export?format=xlsx&pipelineId=" + f.pipelineId());

        assertThat(xlsx.statusCode()).isEqualTo(200);
        List<List<String>> rows = read(xlsx.body());
        assertThat(rows.subList(1, rows.size())).extracting(List::getFirst)
                .containsExactlyInAnyOrder(f.adas().get("id").asString(), f.won().get("id").asString());
        HttpResponse<byte[]> west = apiAs(WEST_REP).download("/api/deals/export?pipelineId=" + f.pipelineId());
        assertThat(new String(west.body(), StandardCharsets.UTF_8)).contains(f.cleos().get("id").asString())
                .doesNotContain(f.adas().get("id").asString());
    }

    @Test
    void anUnfilteredExportHoldsEveryDealOfTheListInItsOrderAcrossKeysetPages() {
        fixture();
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/deals?limit=200&sort=-createdAt" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(deal -> listed.add(deal.get("id").asString()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);

        HttpResponse<byte[]> csv = api.download("/api/deals/export?sort=-createdAt&bom=false");

        List<String> exported = new String(csv.body(), StandardCharsets.UTF_8).lines().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).toList();
        assertThat(exported).isEqualTo(listed);
    }

    @Test
    void badOptionsAndFiltersAreProblemsNamingTheParameter() {
        assertFieldError(api.get("/api/deals/export?format=pdf"), "format");
        assertFieldError(api.get("/api/deals/export?format=vcf"), "format");
        assertFieldError(api.get("/api/deals/export?delimiter=x"), "delimiter");
        assertFieldError(api.get("/api/deals/export?bom=maybe"), "bom");
        assertFieldError(api.get("/api/deals/export?sort=title"), "sort");
        assertFieldError(api.get("/api/deals/export?status=pending"), "status");
        // the list's parameters are bound as one record: a value of the wrong type is a 400 naming it, as before
        for (String list : List.of("/api/deals", "/api/deals/export")) {
            Response badDate = api.get(list + "?closeFrom=yesterday");
            assertFieldError(badDate, "closeFrom");
            assertThat(badDate.json().at("/errors/0/message").asString()).as(badDate.toString()).doesNotContain("java.");
            assertFieldError(api.get(list + "?stalled=maybe"), "stalled");
        }
    }

    private static List<List<String>> read(byte[] workbook) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Table table = Tables.open(new ByteArrayInputStream(workbook), new TableSettings(TabularFormat.XLSX, null, null, null))) {
            rows.add(table.columns());
            Table.Row row;
            while ((row = table.next()) != null) {
                rows.add(row.cells());
            }
        }
        return rows;
    }
}

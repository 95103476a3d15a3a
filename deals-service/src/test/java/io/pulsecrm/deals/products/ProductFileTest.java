package io.pulsecrm.deals.products;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProductFileTest extends DealsApiTestBase {

    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    @Test
    void aWindows1251SemicolonFileIsImportedRowByRowDedupedBySkuAndExportedBack() {
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String existingSku = "KEEP-" + tag;
        Response existing = api.post("/api/products", """
                {"sku":"%s","name":"Old name","prices":[{"currency":"USD","amount":5}]}""".formatted(existingSku));
        assertThat(existing.status()).isEqualTo(201);
        String csv = String.join("\r\n",
                "sku;name;description;unit;taxRate;active;price.RUB;price.EUR",
                "CHAIR-" + tag + ";Стул офисный;Эргономичный, с подлокотниками;шт;20;да;12 500,50;130",
                existingSku.toLowerCase() + ";Новое имя;;;;;100;",
                "CHAIR-" + tag + ";Дубликат;;;;;1;",
                "BAD-" + tag + ";Отрицательная цена;;;;;-5;",
                "NOPRICE-" + tag + ";Без цены;;;abc;;;",
                ";Без артикула;;;;;1;") + "\r\n";
        Response imported = api.sendBytes("POST", "/api/products/import?filename=products.csv", csv.getBytes(WINDOWS_1251),
                Map.of("Content-Type", "text/csv"));
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        JsonNode report = imported.json();
        assertThat(report.get("rows").asInt()).isEqualTo(6);
        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(report.get("updated").asInt()).isEqualTo(1);
        assertThat(report.get("failed").asInt()).isEqualTo(4);
        List<String> outcomes = report.get("results").valueStream().map(r -> r.get("row").asInt() + ":" + r.get("outcome").asString()).toList();
        assertThat(outcomes).containsExactly("2:created", "3:updated", "4:failed", "5:failed", "6:failed", "7:failed");
        assertThat(report.at("/results/2/errors/0/message").asString()).contains("row 2");
        assertThat(report.at("/results/3/errors/0/field").asString()).isEqualTo("prices[0].amount");
        assertThat(report.at("/results/4/errors/0/field").asString()).isEqualTo("taxRate");
        assertThat(report.at("/results/5/errors/0/field").asString()).isEqualTo("sku");

        JsonNode chair = api.get("/api/products/" + report.at("/results/0/productId").asString()).json();
        assertThat(chair.get("name").asString()).isEqualTo("Стул офисный");
        assertThat(chair.get("description").asString()).isEqualTo("Эргономичный, с подлокотниками");
        assertThat(chair.get("unit").asString()).isEqualTo("шт");
        assertThat(chair.get("taxRate").decimalValue()).isEqualByComparingTo("20");
        assertThat(chair.get("prices").valueStream().map(p -> p.get("currency").asString() + " " + p.get("amount").decimalValue().stripTrailingZeros().toPlainString()))
                .containsExactlyInAnyOrder("RUB 12500.5", "EUR 130");
        JsonNode kept = api.get("/api/products/" + existing.json().get("id").asString()).json();
        assertThat(kept.get("name").asString()).isEqualTo("Новое имя");
        assertThat(kept.get("sku").asString()).isEqualTo(existingSku); // the SKU keeps its case; the match ignores it
        assertThat(kept.get("prices").valueStream().map(p -> p.get("currency").asString()).toList()).containsExactly("USD", "RUB");

        // the same file again changes nothing that worked
        JsonNode again = api.sendBytes("POST", "/api/products/import?filename=products.csv", csv.getBytes(WINDOWS_1251),
                Map.of("Content-Type", "text/csv")).json();
        assertThat(again.get("unchanged").asInt()).isEqualTo(2);
        assertThat(again.get("created").asInt()).isZero();

        HttpResponse<byte[]> export = api.download("/api/products/export");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        byte[] bytes = export.body();
        assertThat(bytes[0] & 0xff).isEqualTo(0xEF); // UTF-8 byte order mark: Excel reads the Cyrillic right
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("sku,name,description,unit,taxRate,active,price.");
        assertThat(text).contains("CHAIR-" + tag + ",Стул офисный,\"Эргономичный, с подлокотниками\",шт,20,true");
    }

    @Test
    void unreadableFilesAndRepsAreRefused() {
        assertThat(api.sendBytes("POST", "/api/products/import", new byte[0], Map.of("Content-Type", "text/csv")).json()
                .at("/errors/0/field").asString()).isEqualTo("file");
        Response noSku = api.sendBytes("POST", "/api/products/import?filename=p.csv", "name,price.EUR\nA,1\n".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "text/csv"));
        assertFieldError(noSku, "file");
        Response byRep = apiAs(TestIdentity.EAST_REP).sendBytes("POST", "/api/products/import?filename=p.csv",
                "sku,name\nA,B\n".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/csv"));
        assertThat(byRep.status()).isEqualTo(403);
        assertFieldError(api.get("/api/products/export?format=vcf"), "format");
    }
}

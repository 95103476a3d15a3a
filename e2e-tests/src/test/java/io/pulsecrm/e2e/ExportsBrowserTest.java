package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Export menu in a real Chromium against the whole platform (issue #17): the deals list exported as CSV with
 * semicolons (what Excel expects in Russian and most European locales) comes from deals-service's export with the
 * list's filters and the person's visibility, UTF-8 with a byte order mark, Cyrillic intact.
 */
class ExportsBrowserTest {

    private static E2ePlatform platform;
    private static Path downloads;

    @BeforeAll
    static void platform() throws IOException {
        downloads = Files.createTempDirectory("pulse-exports-e2e");
        platform = E2ePlatform.shared();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var paths = Files.walk(downloads)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static String pipeline() {
        Response created = platform.as("alex").post("/api/pipelines", """
                {"name":"Экспорт %s","stages":[{"name":"Лид","probability":10},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String deal(String user, String pipelineId, String title) {
        Response created = platform.as(user).post("/api/deals", """
                {"pipelineId":"%s","title":"%s","amount":1500.50,"currency":"RUB"}""".formatted(pipelineId, title));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    @Test
    void theDealsListExportsFromTheMenuAsSemicolonCsvWithTheListsFiltersAndOnlyWhatThePersonSees() throws IOException {
        String pipelineId = pipeline();
        String m = UUID.randomUUID().toString().substring(0, 8);
        String adas = deal("ada", pipelineId, "Поставка стульев; " + m);
        String cleos = deal("cleo", pipelineId, "West " + m);
        String won = deal("ada", pipelineId, "Won " + m);
        Response wonAnswer = platform.as("ada").post("/api/deals/" + won + "/win", "{}", Map.of("If-Match", "\"0\""));
        assertThat(wonAnswer.status()).as(wonAnswer.toString()).isEqualTo(200);

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            // the list's default filter: open deals
            browser.signIn("ada", "/deals/list?pipeline=" + pipelineId);
            browser.waitFor(By.linkText("Поставка стульев; " + m));
            browser.click(By.cssSelector("button[data-export-menu]"));
            browser.click(By.cssSelector("[role='menu'] [data-export='csv-semicolon']"));

            Path file = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (var listed = Files.list(downloads)) {
                    return listed.filter(p -> p.getFileName().toString().matches("deals-.*\\.csv")).findFirst().orElse(null);
                }
            }, java.util.Objects::nonNull);
            byte[] bytes = await().atMost(Duration.ofSeconds(20)).until(() -> Files.readAllBytes(file), content -> content.length > 0);
            assertThat(Arrays.copyOf(bytes, 3)).as("byte order mark").containsExactly(0xEF, 0xBB, 0xBF);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).substring(1).lines().toList();
            assertThat(lines.getFirst()).startsWith("id;title;pipeline;stage;status;amount;currency;");
            // ada's open deal only: cleo's is not hers to see, the won one is not in the list of open deals
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).startsWith(adas + ";\"Поставка стульев; " + m + "\";Экспорт ")
                    .contains(";Лид;open;1500.50;RUB;ada;Ada Lovelace;");
            assertThat(String.join("\n", lines)).doesNotContain(cleos, won);
        }
    }
}

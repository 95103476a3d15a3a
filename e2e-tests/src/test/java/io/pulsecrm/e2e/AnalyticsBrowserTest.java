package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The managers' dashboard in a real Chromium against the whole platform: maria (manager, east) sets up deals of her
 * reps through the API (created, moved, won, lost), opens {@code /analytics}, and every figure on the screen is the
 * one the analytics API gives her for the same filters (read from the API in the test, never written down here):
 * key figures, funnel, forecast, lost reasons, leaderboard; then under an owner filter and another currency. The
 * leaderboard's CSV downloads with the same figures. A rep has no entry for the dashboard and is told so at its URL.
 * Each test has its own pipeline, so tests share the platform but no data.
 */
class AnalyticsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Locale EN = Locale.US;
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    private record Pipeline(String id, Map<String, String> stages) {
        String stage(String name) {
            return stages.get(name);
        }
    }

    private static Pipeline pipeline() {
        Response created = platform.as("alex").post("/api/pipelines", """
                {"name":"Analytics %s","lostReasons":["Price","Timing"],"stages":[
                  {"name":"Lead","probability":10},{"name":"Demo","probability":40},{"name":"Proposal","probability":70},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Map<String, String> stages = new LinkedHashMap<>();
        created.json().get("stages").forEach(stage -> stages.put(stage.get("name").asString(), stage.get("id").asString()));
        return new Pipeline(created.json().get("id").asString(), stages);
    }

    /** maria creates a deal for one of her reps. */
    private static JsonNode deal(Pipeline pipeline, String owner, String stage, String title, String money, LocalDate close) {
        Response created = platform.as("maria").post("/api/deals", """
                {"title":"%s","pipelineId":"%s","stageId":"%s","ownerId":"%s"%s%s}""".formatted(title, pipeline.id(),
                pipeline.stage(stage), owner, money == null ? "" : "," + money,
                close == null ? "" : ",\"expectedCloseDate\":\"" + close + "\""));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static JsonNode act(JsonNode deal, String action, String body) {
        Response done = platform.as("maria").post("/api/deals/" + deal.get("id").asString() + "/" + action, body,
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        return done.json();
    }

    private static JsonNode move(JsonNode deal, Pipeline pipeline, String stage) {
        return act(deal, "move", "{\"stageId\":\"" + pipeline.stage(stage) + "\"}");
    }

    /**
     * ada: one won (Lead → Demo → Proposal → won, 1000 EUR), one lost from Demo (Price), one open in Demo (800 EUR, closing
     * next month), one open without amount nor date; bob: one won from Proposal (300 EUR), one lost from Lead (Timing),
     * one open in Lead (150 USD, closing today).
     */
    private static void salesOf(Pipeline p) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode a1 = deal(p, "ada", "Lead", "Anchor", "\"amount\":1000,\"currency\":\"EUR\"", today);
        act(move(move(a1, p, "Demo"), p, "Proposal"), "win", "{}");
        act(move(deal(p, "ada", "Lead", "Bolt", "\"amount\":500,\"currency\":\"EUR\"", null), p, "Demo"),
                "lose", "{\"reason\":\"Price\"}");
        move(deal(p, "ada", "Lead", "Crane", "\"amount\":800,\"currency\":\"EUR\"", today.plusMonths(1)), p, "Demo");
        deal(p, "ada", "Lead", "Dredge", null, null);
        act(deal(p, "bob", "Proposal", "Engine", "\"amount\":300,\"currency\":\"EUR\"", today), "win", "{}");
        act(deal(p, "bob", "Lead", "Forge", "\"amount\":200,\"currency\":\"EUR\"", null), "lose", "{\"reason\":\"Timing\"}");
        deal(p, "bob", "Lead", "Gear", "\"amount\":150,\"currency\":\"USD\"", today);
    }

    /** The analytics the API gives maria, once the statistics have followed every deal event above. */
    private static JsonNode awaitAnalytics(Pipeline p, String query) {
        ApiClient maria = platform.as("maria");
        JsonNode[] report = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            JsonNode all = maria.get("/api/pipelines/" + p.id() + "/analytics").json();
            return all.get("won").asLong() == 2 && all.get("lost").asLong() == 2 && all.get("openDeals").asLong() == 3;
        });
        Response answer = maria.get("/api/pipelines/" + p.id() + "/analytics" + query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        report[0] = answer.json();
        return report[0];
    }

    // ---- the figures as the web app writes them in an en-US browser (Intl), computed from the API's values

    private static String money(JsonNode amounts, String currency) {
        JsonNode amount = amounts == null ? null : amounts.get(currency);
        return money(amount == null || amount.isNull() ? BigDecimal.ZERO : amount.decimalValue(), currency);
    }

    private static String money(BigDecimal amount, String currency) {
        NumberFormat format = NumberFormat.getCurrencyInstance(EN);
        format.setCurrency(Currency.getInstance(currency));
        format.setMaximumFractionDigits(2);
        return format.format(amount);
    }

    private static String rate(JsonNode rate) {
        if (rate == null || rate.isNull()) {
            return "—";
        }
        NumberFormat format = NumberFormat.getPercentInstance(EN);
        format.setMaximumFractionDigits(1);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(rate.decimalValue());
    }

    private static String count(JsonNode value) {
        return NumberFormat.getIntegerInstance(EN).format(value.asLong());
    }

    private static String kpi(Browser browser, String id) {
        return browser.waitFor(By.cssSelector("[data-kpi='" + id + "'] > div:nth-child(2)")).getText();
    }

    private static String cell(Browser browser, String report, String row, String column) {
        return browser.waitFor(By.cssSelector("[data-report='" + report + "'] tr[data-key='" + row + "'] [data-column='"
                + column + "']")).getText();
    }

    private static void showTable(Browser browser, String report) {
        browser.waitFor(By.xpath("//section[@data-report='" + report + "']//button[normalize-space()='Table']")).click();
        browser.waitFor(By.cssSelector("[data-report='" + report + "'] table"));
    }

    /** Waits until the page shows the answer to these filters (the key figures follow the filters' URL). */
    private static void assertKeyFigures(Browser browser, JsonNode report, String currency) {
        browser.until(d -> kpi(browser, "won").equals(count(report.get("won")))
                && kpi(browser, "openValue").equals(money(report.get("openValue"), currency)));
        assertThat(kpi(browser, "winRate")).isEqualTo(rate(report.get("winRate")));
        assertThat(kpi(browser, "won")).isEqualTo(count(report.get("won")));
        assertThat(kpi(browser, "lost")).isEqualTo(count(report.get("lost")));
        assertThat(kpi(browser, "openDeals")).isEqualTo(count(report.get("openDeals")));
        assertThat(kpi(browser, "openValue")).isEqualTo(money(report.get("openValue"), currency));
        JsonNode average = report.at("/averageDealSize/" + currency);
        assertThat(kpi(browser, "averageDealSize")).isEqualTo(average.isMissingNode() ? "—" : money(average.decimalValue(), currency));
        JsonNode cycle = report.get("averageSalesCycleDays");
        if (cycle == null || cycle.isNull()) {
            assertThat(kpi(browser, "salesCycle")).isEqualTo("—");
        } else {
            NumberFormat days = NumberFormat.getNumberInstance(EN);
            days.setMaximumFractionDigits(1);
            days.setRoundingMode(RoundingMode.HALF_UP);
            BigDecimal value = cycle.decimalValue();
            assertThat(kpi(browser, "salesCycle")).isEqualTo(days.format(value) + (value.compareTo(BigDecimal.ONE) == 0 ? " day" : " days"));
        }
    }

    private static void assertLeaderboard(Browser browser, JsonNode report, String currency) {
        List<String> expectedOrder = report.get("owners").valueStream().map(o -> o.get("ownerId").asString()).toList();
        assertThat(browser.all(By.cssSelector("[data-report='leaderboard'] tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-key")).toList()).as("leaderboard rows, most won first").isEqualTo(expectedOrder);
        for (JsonNode owner : report.get("owners")) {
            String id = owner.get("ownerId").asString();
            assertThat(cell(browser, "leaderboard", id, "won")).isEqualTo(count(owner.get("wonCount")));
            assertThat(cell(browser, "leaderboard", id, "revenue")).isEqualTo(money(owner.get("revenue"), currency));
            assertThat(cell(browser, "leaderboard", id, "openDeals")).isEqualTo(count(owner.get("openDeals")));
            assertThat(cell(browser, "leaderboard", id, "openValue")).isEqualTo(money(owner.get("openValue"), currency));
        }
    }

    @Test
    void aManagersDashboardShowsTheFiguresTheApiGivesHerAndExportsThemAsCsv() throws IOException {
        Pipeline p = pipeline();
        salesOf(p);
        JsonNode all = awaitAnalytics(p, "");
        Path downloads = Files.createTempDirectory("pulse-analytics-csv");
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("maria", "/analytics?pipeline=" + p.id() + "&period=all");
            assertThat(browser.waitFor(By.cssSelector("nav a[href='/analytics']")).getDomAttribute("aria-current")).isEqualTo("page");

            // EUR first: the currency with the largest open pipeline
            assertKeyFigures(browser, all, "EUR");
            assertThat(all.get("won").asLong()).isEqualTo(2);
            assertLeaderboard(browser, all, "EUR");
            assertThat(cell(browser, "leaderboard", "ada", "rep")).isEqualTo("Ada Lovelace");

            // every chart's numbers one click away
            browser.waitFor(By.cssSelector("[data-report='funnel'] figure svg"));
            Accessibility.assertNoSeriousViolations(browser, "analytics dashboard with charts");
            showTable(browser, "funnel");
            for (JsonNode step : all.get("conversion")) {
                String stage = step.get("fromStageId").asString();
                assertThat(cell(browser, "funnel", stage, "reached")).isEqualTo(count(step.get("reached")));
                assertThat(cell(browser, "funnel", stage, "advanced")).isEqualTo(count(step.get("advanced")));
                assertThat(cell(browser, "funnel", stage, "rate")).isEqualTo(rate(step.get("rate")));
            }
            showTable(browser, "forecast");
            assertThat(browser.all(By.cssSelector("[data-report='forecast'] tbody tr"))).hasSize(all.get("forecast").size());
            for (JsonNode month : all.get("forecast")) {
                String key = month.get("month").asString();
                assertThat(cell(browser, "forecast", key, "deals")).isEqualTo(count(month.get("deals")));
                assertThat(cell(browser, "forecast", key, "weighted")).isEqualTo(money(month.get("weighted"), "EUR"));
                assertThat(cell(browser, "forecast", key, "unweighted")).isEqualTo(money(month.get("unweighted"), "EUR"));
            }
            showTable(browser, "lostByReason");
            all.get("lostByReason").properties().forEach(reason ->
                    assertThat(cell(browser, "lostByReason", reason.getKey(), "count")).isEqualTo(count(reason.getValue())));
            showTable(browser, "lostByStage");
            for (JsonNode stage : all.get("lostByStage")) {
                assertThat(cell(browser, "lostByStage", stage.get("stageId").asString(), "count")).isEqualTo(count(stage.get("count")));
            }
            Accessibility.assertNoSeriousViolations(browser, "analytics dashboard with tables");

            // the leaderboard as CSV: UTF-8 with a BOM, the figures of the screen
            ((ChromeDriver) browser.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            browser.waitFor(By.cssSelector("button[aria-label='Export Leaderboard as CSV']")).click();
            Path csv = await().atMost(WAIT).until(() -> csvIn(downloads), file -> file != null);
            assertThat(csv.getFileName().toString()).startsWith("pulse-leaderboard-Analytics_").endsWith("-EUR.csv");
            byte[] bytes = Files.readAllBytes(csv);
            assertThat(Arrays.copyOf(bytes, 3)).as("byte-order mark").containsExactly(0xEF, 0xBB, 0xBF);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).substring(1).lines().toList();
            assertThat(lines.getFirst()).isEqualTo("Rep,Won,Revenue (EUR),Open deals,Open pipeline (EUR)");
            List<String> expected = new ArrayList<>();
            for (JsonNode owner : all.get("owners")) {
                String name = owner.get("ownerId").asString().equals("ada") ? "Ada Lovelace" : "Bob Byrne";
                expected.add(String.join(",", name, owner.get("wonCount").asString(), plain(owner.at("/revenue/EUR")),
                        owner.get("openDeals").asString(), plain(owner.at("/openValue/EUR"))));
            }
            assertThat(lines.subList(1, lines.size())).isEqualTo(expected);

            // another currency: never converted, only that currency's money
            currency(browser).selectByValue("USD");
            browser.until(d -> d.getCurrentUrl().contains("currency=USD"));
            assertKeyFigures(browser, all, "USD");
            assertLeaderboard(browser, all, "USD");

            // filters: an owner through the select, kept in the URL; the figures are the API's for ada
            owner(browser).selectByValue("ada");
            browser.until(d -> d.getCurrentUrl().contains("owner=ada"));
            JsonNode adas = awaitAnalytics(p, "?ownerId=ada");
            assertThat(adas.get("won").asLong()).isEqualTo(1);
            assertKeyFigures(browser, adas, "USD");
            currency(browser).selectByValue("EUR");
            assertKeyFigures(browser, adas, "EUR");
            assertLeaderboard(browser, adas, "EUR");
            assertThat(adas.get("owners")).hasSize(1);

            // the URL is the dashboard: a reload shows the same filters and figures
            browser.driver().navigate().refresh();
            assertKeyFigures(browser, adas, "EUR");
            browser.until(d -> owner(browser).getFirstSelectedOption().getText().equals("Ada Lovelace"));
        } finally {
            try (Stream<Path> files = Files.list(downloads)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(downloads);
        }
    }

    @Test
    void aRepHasNoDashboardAndIsToldSoAtItsAddress() {
        // the API never gives a rep their colleagues' figures: only their own deals count
        Pipeline p = pipeline();
        deal(p, "bob", "Lead", "Not Ada's", "\"amount\":90,\"currency\":\"EUR\"", null);
        await().atMost(WAIT).until(() -> platform.as("maria").get("/api/pipelines/" + p.id() + "/analytics").json()
                .get("openDeals").asLong() == 1);
        JsonNode adas = platform.as("ada").get("/api/pipelines/" + p.id() + "/analytics").json();
        assertThat(adas.get("openDeals").asLong()).isZero();
        assertThat(adas.get("owners")).isEmpty();
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/");
            assertThat(browser.waitFor(By.cssSelector("nav")).getText()).contains("Deals").doesNotContain("Analytics");
            assertThat(browser.all(By.cssSelector("nav a[href='/analytics']"))).isEmpty();
            browser.go("/analytics");
            browser.waitForText(By.cssSelector("main [role='alert'] strong"), "You are not allowed to see analytics");
            assertThat(browser.all(By.cssSelector("[data-report]"))).isEmpty();
            Accessibility.assertNoSeriousViolations(browser, "analytics, not allowed");
        }
    }

    @Test
    void onAPhoneTheDashboardFitsTheScreen() {
        Pipeline p = pipeline();
        deal(p, "bob", "Lead", "Pocket", "\"amount\":70,\"currency\":\"EUR\"", null);
        try (Browser browser = Browser.phone(platform.gatewayUrl())) {
            browser.signIn("maria", "/analytics?pipeline=" + p.id() + "&period=all");
            browser.until(d -> kpi(browser, "openValue").equals(money(new BigDecimal("70"), "EUR")));
            browser.waitFor(By.cssSelector("[data-report='leaderboard'] tr[data-key='bob']"));
            Object overflow = browser.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(((Number) overflow).intValue()).as("no sideways scrolling of the page").isLessThanOrEqualTo(0);
            Accessibility.assertNoSeriousViolations(browser, "analytics on a phone");
        }
    }

    private static Select owner(Browser browser) {
        return new Select(browser.waitFor(By.xpath("//label[normalize-space()='Owner']/following-sibling::select")));
    }

    private static Select currency(Browser browser) {
        return new Select(browser.waitFor(By.xpath("//label[normalize-space()='Currency']/following-sibling::select")));
    }

    private static Path csvIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".csv")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A money amount as the CSV writes it: a JavaScript number (no trailing zeros, no grouping). */
    private static String plain(JsonNode amount) {
        return amount.isMissingNode() || amount.isNull() ? "0" : amount.decimalValue().stripTrailingZeros().toPlainString();
    }
}

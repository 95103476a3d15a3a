package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

/**
 * The deals board, stage list and deal page in a real Chromium against the whole platform: a rep creates a deal, drags
 * it to a stage that requires a field (asked for in a dialog) and loses another with a reason; a deal dragged with the
 * keyboard and won; the board's figures are the API's, for a manager and under filters; a phone's stage list; the
 * Russian board; editing in place with a concurrent change. Pipelines are set up through the API by the admin, each
 * test with its own, so tests share the platform but no data.
 */
class DealsBoardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    /** Lead → Demo (needs an expected close date) → Proposal → Won / Lost, with two lost reasons. */
    private record Pipeline(String id, Map<String, String> stages) {
        String stage(String name) {
            return stages.get(name);
        }
    }

    private static Pipeline pipeline(String name) {
        Response created = platform.as("alex").post("/api/pipelines", """
                {"name":"%s %s","lostReasons":["Price","Timing"],"stages":[
                  {"name":"Lead","probability":10},
                  {"name":"Demo","probability":40,"requiredFields":["expectedCloseDate"]},
                  {"name":"Proposal","probability":70},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(name, UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Map<String, String> stages = new LinkedHashMap<>();
        created.json().get("stages").forEach(stage -> stages.put(stage.get("name").asString(), stage.get("id").asString()));
        return new Pipeline(created.json().get("id").asString(), stages);
    }

    private static JsonNode deal(String user, Pipeline pipeline, String stage, String json) {
        Response created = platform.as(user).post("/api/deals", "{\"pipelineId\":\"%s\",\"stageId\":\"%s\",%s}"
                .formatted(pipeline.id(), pipeline.stage(stage), json));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static JsonNode read(String user, String dealId) {
        return platform.as(user).get("/api/deals/" + dealId).json();
    }

    /** The board's figures follow the deal events by a moment: wait until the API's board counts these deals. */
    private static JsonNode awaitBoard(ApiClient as, Pipeline pipeline, String query, int openDeals) {
        JsonNode[] board = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            board[0] = as.get("/api/deals/board?pipelineId=" + pipeline.id() + query).json();
            long count = 0;
            for (JsonNode stage : board[0].get("stages")) {
                if (stage.get("kind").asString().equals("open")) {
                    count += stage.get("count").asLong();
                }
            }
            return count == openDeals;
        });
        return board[0];
    }

    private static By column(Pipeline pipeline, String stage) {
        return By.cssSelector("section[data-stage-id='" + pipeline.stage(stage) + "']");
    }

    private static By card(String title) {
        return By.xpath("//li[@data-deal-id][.//a[normalize-space()=" + literal(title) + "]]");
    }

    private static By cardIn(Pipeline pipeline, String stage, String title) {
        return By.xpath("//section[@data-stage-id='" + pipeline.stage(stage) + "']//li[@data-deal-id][.//a[normalize-space()="
                + literal(title) + "]]");
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "") + "'";
    }

    private static WebElement dialog(Browser browser) {
        return browser.waitFor(By.cssSelector("[role='dialog']"));
    }

    /** A date typed into a date input the way a person does in an en-US browser (month, day, year). */
    static void typeDate(WebElement input, LocalDate date) {
        input.sendKeys("%02d%02d%04d".formatted(date.getMonthValue(), date.getDayOfMonth(), date.getYear()));
    }

    /** A mouse drag as a person makes it: press, a small move to start dragging, move onto the target, release. */
    static void drag(Browser browser, WebElement handle, WebElement target) {
        new Actions(browser.driver())
                .clickAndHold(handle)
                .pause(Duration.ofMillis(100))
                .moveByOffset(12, 6)
                .pause(Duration.ofMillis(150))
                .moveToElement(target)
                .pause(Duration.ofMillis(150))
                .moveByOffset(0, 5)
                .pause(Duration.ofMillis(150))
                .release()
                .perform();
    }

    @Test
    void aRepCreatesADealDragsItToAStageThatAsksForAFieldAndLosesAnotherWithAReason() {
        Pipeline pipeline = pipeline("Rep's day");
        String title = "Anvils " + UUID.randomUUID().toString().substring(0, 6);
        JsonNode old = deal("ada", pipeline, "Lead", "\"title\":\"Old lead\",\"amount\":400,\"currency\":\"EUR\"");
        awaitBoard(platform.as("ada"), pipeline, "", 1);
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/deals?pipeline=" + pipeline.id());
            browser.waitFor(card("Old lead"));
            Accessibility.assertNoSeriousViolations(browser, "deals board");

            browser.byText("New deal").click();
            WebElement form = dialog(browser);
            form.findElement(By.xpath(".//label[normalize-space()='Title *']/following-sibling::input")).sendKeys(title);
            form.findElement(By.xpath(".//label[normalize-space()='Amount']/following-sibling::input")).sendKeys("12500");
            browser.byText("Create deal").click();
            browser.waitUntilGone(By.cssSelector("[role='dialog']"));
            WebElement created = browser.waitFor(cardIn(pipeline, "Lead", title));
            String dealId = created.getAttribute("data-deal-id");
            JsonNode saved = read("ada", dealId);
            assertThat(saved.get("amount").decimalValue()).isEqualByComparingTo("12500");
            assertThat(saved.get("ownerId").asString()).isEqualTo("ada");

            // Demo needs an expected close date the deal lacks: asked for before the move
            drag(browser, created.findElement(By.cssSelector("button[aria-label='Move " + title + "']")),
                    browser.waitFor(column(pipeline, "Demo")));
            WebElement ask = dialog(browser);
            assertThat(ask.getText()).contains("Move “" + title + "” to Demo", "Expected close");
            LocalDate close = LocalDate.now().plusDays(30);
            typeDate(ask.findElement(By.cssSelector("input[type=date]")), close);
            browser.byText("Move").click();
            browser.waitFor(cardIn(pipeline, "Demo", title));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode moved = read("ada", dealId);
                assertThat(moved.at("/stage/name").asString()).isEqualTo("Demo");
                assertThat(moved.get("expectedCloseDate").asString()).isEqualTo(close.toString());
            });

            // the older deal is lost: dropped on Lost, with one of the pipeline's reasons
            WebElement oldCard = browser.waitFor(card("Old lead"));
            drag(browser, oldCard.findElement(By.cssSelector("button[aria-label='Move Old lead']")),
                    browser.waitFor(By.cssSelector("[data-stage-id='" + pipeline.stage("Lost") + "']")));
            WebElement lose = dialog(browser);
            assertThat(lose.getText()).contains("Mark “Old lead” as lost");
            browser.byText("Mark as lost").click();
            assertThat(browser.waitFor(By.cssSelector("[role='dialog'] [role='alert']")).getText())
                    .as("the reason is asked for").contains("Choose why the deal was lost");
            new org.openqa.selenium.support.ui.Select(lose.findElement(By.cssSelector("select")))
                    .selectByVisibleText("Timing");
            lose.findElement(By.cssSelector("textarea")).sendKeys("Next budget year");
            browser.byText("Mark as lost").click();
            browser.waitUntilGone(card("Old lead"));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode lost = read("ada", old.get("id").asString());
                assertThat(lost.get("status").asString()).isEqualTo("lost");
                assertThat(lost.get("lostReason").asString()).isEqualTo("Timing");
                assertThat(lost.get("lostNote").asString()).isEqualTo("Next budget year");
            });
            // the Lost target counts it once the board has caught up
            browser.waitForText(By.cssSelector("[data-stage-id='" + pipeline.stage("Lost") + "'] [data-testid='stage-count']"), "1");
        }
    }

    @Test
    void aDealIsDraggedWithTheKeyboardAndWon() {
        Pipeline pipeline = pipeline("Keyboard");
        String title = "Keys " + UUID.randomUUID().toString().substring(0, 6);
        String dealId = deal("ada", pipeline, "Lead", "\"title\":\"%s\",\"amount\":900,\"currency\":\"EUR\",\"expectedCloseDate\":\"%s\""
                .formatted(title, LocalDate.now().plusDays(10))).get("id").asString();
        awaitBoard(platform.as("ada"), pipeline, "", 1);
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/deals?pipeline=" + pipeline.id());
            By grip = By.cssSelector("li[data-deal-id='" + dealId + "'] button[aria-label='Move " + title + "']");

            // Space picks it up, two steps right (Demo, whose requirement it meets, then Proposal), Space drops it
            browser.waitFor(grip).sendKeys(Keys.SPACE);
            browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
            browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
            browser.driver().switchTo().activeElement().sendKeys(Keys.SPACE);
            browser.waitFor(cardIn(pipeline, "Proposal", title));
            await().atMost(WAIT).until(() -> read("ada", dealId).at("/stage/name").asString().equals("Proposal"));

            // and on to Won, the first target after the last stage
            browser.waitFor(grip).sendKeys(Keys.SPACE);
            browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_RIGHT);
            browser.driver().switchTo().activeElement().sendKeys(Keys.SPACE);
            browser.waitUntilGone(card(title));
            await().atMost(WAIT).until(() -> read("ada", dealId).get("status").asString().equals("won"));
        }
    }

    @Test
    void theBoardsCountsAndSumsPerStageAreTheApisForAManagerAndUnderItsFilters() {
        Pipeline pipeline = pipeline("Figures");
        deal("ada", pipeline, "Lead", "\"title\":\"Ada one\",\"amount\":1200,\"currency\":\"EUR\"");
        deal("ada", pipeline, "Lead", "\"title\":\"Ada two\",\"amount\":800,\"currency\":\"EUR\"");
        deal("bob", pipeline, "Lead", "\"title\":\"Bob one\",\"amount\":300,\"currency\":\"USD\"");
        deal("bob", pipeline, "Proposal", "\"title\":\"Bob two\",\"amount\":5000,\"currency\":\"EUR\"");
        deal("cleo", pipeline, "Lead", "\"title\":\"Cleo's, not Maria's\",\"amount\":99,\"currency\":\"EUR\"");
        ApiClient maria = platform.as("maria");
        JsonNode board = awaitBoard(maria, pipeline, "", 4);
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("maria", "/deals?pipeline=" + pipeline.id());
            assertFigures(browser, pipeline, board);
            assertThat(browser.all(card("Cleo's, not Maria's"))).as("another team's deal").isEmpty();

            new org.openqa.selenium.support.ui.Select(browser.waitFor(By.xpath(
                    "//label[normalize-space()='Owner']/following-sibling::select"))).selectByVisibleText("Bob Byrne");
            browser.until(d -> d.getCurrentUrl().contains("owner=bob"));
            browser.waitUntilGone(card("Ada one"));
            assertFigures(browser, pipeline, awaitBoard(maria, pipeline, "&ownerId=bob", 2));
        }
    }

    /** Every stage's count and sum on the screen are the API's, in the person's (en-US) format. */
    private static void assertFigures(Browser browser, Pipeline pipeline, JsonNode board) {
        for (JsonNode stage : board.get("stages")) {
            String selector = "[data-stage-id='" + stage.get("stageId").asString() + "'] ";
            browser.waitForText(By.cssSelector(selector + "[data-testid='stage-count']"), stage.get("count").asString());
            browser.waitForText(By.cssSelector(selector + "[data-testid='stage-sum']"), sum(stage.get("amount"), Locale.US));
        }
    }

    /** A column's sum as the board writes it: each currency without cents, the largest first, joined by " + ". */
    private static String sum(JsonNode amounts, Locale locale) {
        List<Map.Entry<String, BigDecimal>> lines = new ArrayList<>();
        amounts.properties().forEach(e -> lines.add(Map.entry(e.getKey(), e.getValue().decimalValue())));
        if (lines.isEmpty()) {
            return "—";
        }
        lines.sort(Map.Entry.<String, BigDecimal>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> line : lines) {
            NumberFormat format = NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(Currency.getInstance(line.getKey()));
            format.setMaximumFractionDigits(0);
            format.setMinimumFractionDigits(0);
            parts.add(format.format(line.getValue()));
        }
        return String.join(" + ", parts);
    }

    @Test
    void onAPhoneTheBoardIsAStageListAndADealMovesThroughItsActions() {
        Pipeline pipeline = pipeline("Phone");
        String title = "Pocket " + UUID.randomUUID().toString().substring(0, 6);
        String dealId = deal("ada", pipeline, "Lead", "\"title\":\"%s\"".formatted(title)).get("id").asString();
        awaitBoard(platform.as("ada"), pipeline, "", 1);
        try (Browser browser = Browser.phone(platform.gatewayUrl())) {
            browser.signIn("ada", "/deals?pipeline=" + pipeline.id());
            browser.waitFor(card(title));
            assertThat(browser.all(By.cssSelector("button[aria-label^='Move ']"))).as("no dragging on a phone").isEmpty();
            Number width = (Number) browser.script("return document.documentElement.scrollWidth");
            assertThat(((Number) browser.script("return window.innerWidth")).intValue()).isEqualTo(390);
            assertThat(width.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(390);

            browser.byText("Actions for " + title).click();
            dialog(browser);
            browser.byText("Proposal").click();
            browser.waitUntilGone(card(title));
            await().atMost(WAIT).until(() -> read("ada", dealId).at("/stage/name").asString().equals("Proposal"));
            browser.until(d -> d.findElements(By.xpath("//button[@aria-pressed][.//span[normalize-space()='Proposal']]")).size() == 1);
            browser.driver().findElement(By.xpath("//button[@aria-pressed][.//span[normalize-space()='Proposal']]")).click();
            browser.waitFor(card(title));
            Accessibility.assertNoSeriousViolations(browser, "stage list on a phone");
        }
    }

    @Test
    void inRussianTheBoardSpeaksRussianAndWritesMoneyTheRussianWay() {
        Pipeline pipeline = pipeline("Русская");
        deal("ada", pipeline, "Lead", "\"title\":\"Поставка\",\"amount\":1234567,\"currency\":\"EUR\"");
        JsonNode board = awaitBoard(platform.as("ada"), pipeline, "", 1);
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("ada", "/deals?pipeline=" + pipeline.id());
            browser.waitForText(By.cssSelector("h1"), "Сделки");
            browser.waitFor(card("Поставка"));
            String lead = browser.waitFor(By.cssSelector("[data-stage-id='" + pipeline.stage("Lead") + "'] [data-testid='stage-sum']")).getText();
            assertThat(lead.replaceAll("[\\s\\u00a0\\u202f]", " ")).isEqualTo("1 234 567 €");
            assertThat(board.at("/stages/0/amount/EUR").decimalValue()).isEqualByComparingTo("1234567");
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Новая сделка", "Доска", "Список");
            Accessibility.assertNoSeriousViolations(browser, "deals board in Russian");
        }
    }

    @Test
    void theDealPageEditsInPlaceAndLetsThePersonChooseWhenSomeoneElseChangedTheDeal() {
        Pipeline pipeline = pipeline("Deal page");
        JsonNode created = deal("ada", pipeline, "Lead", "\"title\":\"Turbines\",\"amount\":1000,\"currency\":\"EUR\"");
        String id = created.get("id").asString();
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("maria", "/deals/" + id);
            browser.waitForText(By.cssSelector("h1"), "Turbines");
            Accessibility.assertNoSeriousViolations(browser, "deal page");

            browser.byText("Edit Amount").click();
            WebElement amount = browser.waitFor(By.cssSelector("#field-amount"));
            amount.sendKeys(Keys.chord(Keys.CONTROL, "a"), "2500", Keys.ENTER);
            browser.waitFor(By.xpath("//dd[contains(normalize-space(), '€2,500.00')]"));
            assertThat(read("maria", id).get("amount").decimalValue()).isEqualByComparingTo("2500");

            // Maria starts renaming the deal; meanwhile Ada renames it through the API
            browser.byText("Edit Title").click();
            WebElement title = browser.waitFor(By.cssSelector("#field-title"));
            title.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Turbines, 12 units");
            JsonNode current = read("ada", id);
            Response renamed = platform.as("ada").patch("/api/deals/" + id, "{\"title\":\"Turbines (Ada)\"}",
                    Map.of("If-Match", "\"" + current.get("version").asLong() + "\""));
            assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
            title.sendKeys(Keys.ENTER);

            WebElement conflict = dialog(browser);
            assertThat(conflict.getText()).contains("Someone else changed this deal", "Turbines (Ada)", "Turbines, 12 units");
            browser.byText("Save mine").click();
            browser.waitForText(By.cssSelector("h1"), "Turbines, 12 units");
            JsonNode saved = read("maria", id);
            assertThat(saved.get("title").asString()).isEqualTo("Turbines, 12 units");
            assertThat(saved.get("amount").decimalValue()).isEqualByComparingTo("2500");
        }
    }
}

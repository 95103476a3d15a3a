package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The product catalogue and a deal's line items in a real Chromium against the whole platform: a manager creates a
 * product in the catalogue, adds it and a discounted free-text line to a deal, and the totals on the page and the deal's
 * amount are the API's; refused inputs show beside their fields; the Russian screens; a phone's catalogue.
 */
class ProductsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    private static String pipeline() {
        Response created = platform.as("alex").post("/api/pipelines", """
                {"name":"Products %s","lostReasons":["Price"],"stages":[
                  {"name":"Lead","probability":10},{"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}"""
                .formatted(UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static JsonNode deal(String title) {
        Response created = platform.as("maria").post("/api/deals", """
                {"title":"%s","pipelineId":"%s","ownerId":"ada","amount":1,"currency":"EUR"}""".formatted(title, pipeline()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    /** The control a label names (Field ties them with for/id; a combobox's id is its input's). */
    private static WebElement input(WebElement scope, String label) {
        String id = scope.findElement(By.xpath(".//label[normalize-space()=" + literal(label) + "]")).getAttribute("for");
        return scope.findElement(By.xpath(".//*[@id=" + literal(id) + "]"));
    }

    private static WebElement errorOf(Browser browser, WebElement scope, String label) {
        return browser.until(d -> scope.findElements(By.xpath(".//label[normalize-space()=" + literal(label)
                + "]/following-sibling::div[@role='alert']")).stream().findFirst().orElse(null));
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "") + "'";
    }

    private static WebElement panel(Browser browser) {
        return browser.waitFor(By.cssSelector("section[data-panel='line-items']"));
    }

    private static String digits(String text) {
        return text.replaceAll("[\\s\\u00a0\\u202f]", " ");
    }

    @Test
    void aManagerCreatesAProductAndSellsItOnADealWithAFreeTextLineAndTheTotalsAreTheApis() {
        String sku = "TURB-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String name = "Turbine service " + sku.substring(5);
        JsonNode deal = deal("Line items " + sku);
        String dealId = deal.get("id").asString();
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("maria", "/products");
            browser.waitForText(By.cssSelector("h1"), "Products");
            browser.byText("New product").click();
            WebElement dialog = browser.waitFor(By.cssSelector("[role='dialog']"));
            input(dialog, "SKU *").sendKeys(sku);
            input(dialog, "Name *").sendKeys(name);
            input(dialog, "Unit").sendKeys("visit");
            input(dialog, "Price").sendKeys("999.99");
            input(dialog, "Tax rate, %").sendKeys("20");
            dialog.findElement(By.xpath(".//button[normalize-space()='Save']")).click();
            browser.waitUntilGone(By.cssSelector("[role='dialog']"));
            browser.waitFor(By.xpath("//main//td[normalize-space()=" + literal(sku) + "]"));
            Accessibility.assertNoSeriousViolations(browser, "products");

            // the same SKU again is refused beside the SKU field, and what was typed stays
            browser.byText("New product").click();
            dialog = browser.waitFor(By.cssSelector("[role='dialog']"));
            input(dialog, "SKU *").sendKeys(sku.toLowerCase());
            input(dialog, "Name *").sendKeys("Twin");
            dialog.findElement(By.xpath(".//button[normalize-space()='Save']")).click();
            assertThat(errorOf(browser, dialog, "SKU *").getText()).contains("already the SKU");
            assertThat(input(dialog, "Name *").getAttribute("value")).isEqualTo("Twin");
            dialog.findElement(By.xpath(".//button[normalize-space()='Cancel']")).click();
            browser.waitUntilGone(By.cssSelector("[role='dialog']"));

            browser.go("/deals/" + dealId);
            WebElement items = panel(browser);
            WebElement product = input(items, "Product from the catalogue");
            product.sendKeys(sku.substring(0, 7));
            browser.click(By.xpath("//li[@role='option'][contains(normalize-space(), " + literal(name) + ")]"));
            WebElement quantity = input(items, "Quantity *");
            browser.replaceText(quantity, "2");
            items.findElement(By.xpath(".//button[normalize-space()='Add line item']")).click();
            browser.waitFor(By.cssSelector("tr[data-line-item='" + name + "']"));

            // refused: a quantity of 0, then a discount above the line's price, each beside its field
            input(items, "Item (free text)").sendKeys("Installation");
            quantity = input(items, "Quantity *");
            browser.replaceText(quantity, "0");
            input(items, "Unit price").sendKeys("100");
            items.findElement(By.xpath(".//button[normalize-space()='Add line item']")).click();
            assertThat(errorOf(browser, items, "Quantity *").getText()).contains("greater than 0");
            browser.replaceText(quantity, "3");
            new Select(input(items, "Discount type")).selectByVisibleText("Amount");
            input(items, "Discount").sendKeys("500");
            items.findElement(By.xpath(".//button[normalize-space()='Add line item']")).click();
            assertThat(errorOf(browser, items, "Discount").getText()).contains("more than the line's price");
            assertThat(input(items, "Item (free text)").getAttribute("value")).isEqualTo("Installation");

            // a 10 % discount is fine
            new Select(input(items, "Discount type")).selectByVisibleText("Percent");
            WebElement discount = input(items, "Discount");
            browser.replaceText(discount, "10");
            items.findElement(By.xpath(".//button[normalize-space()='Add line item']")).click();
            browser.waitFor(By.cssSelector("tr[data-line-item='Installation']"));

            // 2 × 999.99 + 20 % tax = 2399.98; 3 × 100 − 10 % = 270.00; the deal's amount is their sum
            JsonNode read = platform.as("maria").get("/api/deals/" + dealId).json();
            assertThat(read.get("lineItems").size()).isEqualTo(2);
            assertThat(read.get("amount").decimalValue()).isEqualByComparingTo("2669.98");
            assertThat(read.at("/lineItemTotals/tax/amount").decimalValue()).isEqualByComparingTo("400.00");
            assertThat(read.at("/lineItems/1/discount/type").asString()).isEqualTo("percent");
            String total = browser.waitFor(By.cssSelector("section[data-panel='line-items'] dd[data-total='total']")).getText();
            assertThat(digits(total)).isEqualTo("€2,669.98");
            assertThat(digits(browser.waitFor(By.cssSelector("section[data-panel='line-items'] dd[data-total='tax']")).getText()))
                    .isEqualTo("€400.00");
            await().atMost(WAIT).untilAsserted(() -> assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("€2,669.98"));
            Accessibility.assertNoSeriousViolations(browser, "deal page with line items");
        }
    }

    @Test
    void inRussianTheCatalogueAndTheLineItemsSpeakRussian() {
        JsonNode deal = deal("Поставка " + UUID.randomUUID().toString().substring(0, 6));
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("maria", "/products");
            browser.waitForText(By.cssSelector("h1"), "Товары");
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Новый товар", "Импорт");
            browser.go("/deals/" + deal.get("id").asString());
            WebElement items = panel(browser);
            assertThat(items.getText()).contains("Позиции", "Добавить позицию", "Количество");
            Accessibility.assertNoSeriousViolations(browser, "deal page in Russian");
        }
    }

    @Test
    void onAPhoneTheCatalogueFitsTheScreen() {
        String sku = "PH-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        Response created = platform.as("alex").post("/api/products", """
                {"sku":"%s","name":"Pocket item","prices":[{"currency":"EUR","amount":10}]}""".formatted(sku));
        assertThat(created.status()).isEqualTo(201);
        try (Browser browser = Browser.phone(platform.gatewayUrl())) {
            browser.signIn("ada", "/products");
            browser.waitForText(By.cssSelector("h1"), "Products");
            browser.waitFor(By.xpath("//main//td[normalize-space()=" + literal(sku) + "]"));
            // a rep reads the catalogue and cannot change it
            assertThat(browser.all(By.xpath("//button[normalize-space()='New product']"))).isEmpty();
            long overflow = ((Number) browser.script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;")).longValue();
            assertThat(overflow).as("the page does not scroll sideways").isLessThanOrEqualTo(0);
            Accessibility.assertNoSeriousViolations(browser, "products on a phone");
        }
    }
}

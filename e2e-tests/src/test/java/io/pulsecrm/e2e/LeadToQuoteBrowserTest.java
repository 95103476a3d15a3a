package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The sale from a web request to a quote in the customer's inbox, across every service and a real Chromium: a request
 * sent from a website's form opens a deal by itself with its responsible manager (the lead form's settings); that
 * manager finds it from the lead, sells two catalogue products on it (one discounted), generates the quote and emails
 * it to the lead. The quote's PDF lists the products and the totals the deal page showed, and the platform's SMTP
 * server (GreenMail) receives it, with exactly that PDF attached, at the address typed into the web form.
 */
class LeadToQuoteBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void aWebRequestBecomesADealWithTwoProductsAndItsQuoteReachesTheLeadsInbox() throws Exception {
        String m = UUID.randomUUID().toString().substring(0, 6);
        String company = "ООО Тепло " + m;
        String email = "irina." + m + "@e2e.example";
        String boiler = "Котёл КВ-200 " + m;
        String visit = "Installation visit " + m;

        // the admin's setup: a pipeline, the catalogue, a quote template and a lead form that opens deals for ada
        String pipelineId = created(platform.as("alex").post("/api/pipelines", """
                {"name":"Web sales %s","lostReasons":["Price"],"stages":[{"name":"Request","probability":10},
                  {"name":"Quoted","probability":40},{"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}"""
                .formatted(m))).get("id").asString();
        created(platform.as("alex").post("/api/products", """
                {"sku":"KV200-%s","name":"%s","unit":"pcs","prices":[{"currency":"EUR","amount":1200.00}],"taxRate":20}"""
                .formatted(m, boiler)));
        created(platform.as("alex").post("/api/products", """
                {"sku":"INST-%s","name":"%s","unit":"visit","prices":[{"currency":"EUR","amount":150.00}],"taxRate":20}"""
                .formatted(m, visit)));
        String templateName = "Quote " + m;
        created(platform.as("alex").post("/api/document-templates", """
                {"kind":"quote","name":"%s","locale":"en","body":"<h1>{{document.name}} {{document.number}}</h1>\\n<p>{{deal.title}}, {{contact.name}}</p>\\n<table>{{#lineItems}}<tr><td>{{position}}. {{name}}</td><td>{{quantity}} {{unit}}</td><td>{{total}}</td></tr>{{/lineItems}}</table>\\n<p>Total {{totals.total}}, tax {{totals.tax}}</p>\\n<p>{{owner.name}}</p>"}"""
                .formatted(templateName)));
        // contacts-service learns pipelines from deals-service's events: the form is refused until it knows this one
        AtomicReference<Response> formCreated = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            formCreated.set(platform.as("alex").post("/api/lead-forms", """
                    {"name":"Website %s","deal":{"pipelineId":"%s","owner":{"roundRobin":["ada"]}}}""".formatted(m, pipelineId)));
            return formCreated.get().status() != 400;
        });
        JsonNode form = created(formCreated.get());

        // the website's form sends the request, with no token, as a browser on the customer's site does
        ApiClient website = platform.gateway();
        JsonNode formToken = website.get("/api/public/lead-forms/" + form.get("id").asString() + "/form-token").json();
        Instant notBefore = Instant.parse(formToken.get("notBefore").asString());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> Instant.now().isAfter(notBefore));
        Response sent = website.post(form.get("submitUrl").asString(), """
                {"firstName":"Ирина","lastName":"Смирнова","email":"%s","company":"%s","formToken":"%s"}"""
                .formatted(email, company, formToken.get("token").asString()), Map.of("X-Form-Key", form.get("key").asString()));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        JsonNode lead = platform.as("alex").get("/api/contacts?q=" + email).json().at("/items/0");
        String contactId = lead.get("id").asString();
        String dealId = lead.at("/conversion/dealId").asString();
        assertThat(dealId).isNotBlank();
        // the deal's card carries the lead with its email (deals-service's read model of contacts) and ada as its owner
        await().atMost(WAIT).until(() -> platform.as("ada").get("/api/deals/" + dealId).json().at("/contacts/0/email")
                .asString("").equals(email));
        JsonNode deal = platform.as("ada").get("/api/deals/" + dealId).json();
        assertThat(deal.get("ownerId").asString()).isEqualTo("ada");
        assertThat(deal.get("title").asString()).isEqualTo(company);
        assertThat(deal.get("pipelineId").asString()).isEqualTo(pipelineId);

        int mailsBefore = platform.mail().getReceivedMessages().length;
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            // ada opens the lead and goes on to its deal
            browser.signIn("ada", "/contacts/" + contactId);
            browser.byText("Open deal →").click();
            browser.until(d -> browser.currentPath().equals("/deals/" + dealId));
            browser.until(d -> d.findElement(By.cssSelector("h1")).getText().contains(company));

            // two products from the catalogue: two boilers with 5 % off (the first line sets the deal's currency), three visits
            WebElement items = browser.waitFor(By.cssSelector("section[data-panel='line-items']"));
            addProduct(browser, items, "KV200-" + m, boiler, "2", "5");
            addProduct(browser, items, "INST-" + m, visit, "3", null);
            // 2 × 1,200 − 5 % = 2,280 + 20 % tax = 2,736; 3 × 150 = 450 + 20 % = 540; together 3,276 of which 546 tax
            browser.until(d -> d.findElement(By.cssSelector("section[data-panel='line-items'] dd[data-total='total']"))
                    .getText().replaceAll("[\\s\\u00a0\\u202f]", "").equals("€3,276.00"));
            JsonNode priced = platform.as("ada").get("/api/deals/" + dealId).json();
            assertThat(priced.get("amount").decimalValue()).isEqualByComparingTo("3276.00");
            assertThat(priced.get("currency").asString()).isEqualTo("EUR");
            assertThat(priced.at("/lineItemTotals/tax/amount").decimalValue()).isEqualByComparingTo("546.00");

            // the quote, generated and emailed from the deal's Documents panel
            browser.waitForText(By.cssSelector("#deal-documents"), "Documents");
            new Select(label(browser, browser.waitFor(By.cssSelector("section[aria-labelledby='deal-documents']")), "Template"))
                    .selectByVisibleText(templateName + " (Quote)");
            browser.byText("Generate document").click();
            WebElement emailButton = browser.waitFor(By.cssSelector("button[aria-label^='Email to contact: " + templateName + " ']"));
            Accessibility.assertNoSeriousViolations(browser, "deal opened by a web request, with line items and its quote");
            emailButton.click();
            WebElement dialog = browser.waitFor(By.cssSelector("[role='dialog']"));
            assertThat(new Select(label(browser, dialog, "To")).getFirstSelectedOption().getText()).contains(email);
            label(browser, dialog, "Message").sendKeys("Здравствуйте, Ирина! Наше предложение во вложении.");
            dialog.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitUntilGone(By.cssSelector("[role='dialog']"));
            browser.waitFor(By.xpath("//*[contains(., 'Sent once')]"));
        }

        JsonNode quote = platform.as("ada").get("/api/deals/" + dealId + "/documents").json().at("/items/0");
        assertThat(quote.get("kind").asString()).isEqualTo("quote");
        HttpResponse<byte[]> pdf = platform.as("ada").download("/api/deals/" + dealId + "/documents/" + quote.get("id").asString() + "/content");
        assertThat(pdf.statusCode()).isEqualTo(200);
        String text = SentDocuments.pdfText(pdf.body());
        assertThat(text).contains(templateName, company, "Ирина Смирнова",
                "1. " + boiler, "2 pcs", "2,736.00 EUR", "2. " + visit, "3 visit", "540.00 EUR",
                "Total 3,276.00 EUR, tax 546.00 EUR");
        assertThat(text.replace("\n", "")).contains(quote.get("number").asString());

        // the lead's inbox: one email, to the address from the web form, with exactly that PDF
        assertThat(platform.mail().waitForIncomingEmail(30_000, mailsBefore + 1)).isTrue();
        List<MimeMessage> toLead = SentDocuments.to(platform.mail(), email);
        assertThat(toLead).hasSize(1);
        assertThat(SentDocuments.attachment(toLead.getFirst())).isEqualTo(pdf.body());
        assertThat(SentDocuments.plainText(toLead.getFirst())).contains("Здравствуйте, Ирина! Наше предложение во вложении.");

        // and the lead's timeline tells the story, in order of what happened
        await().atMost(WAIT).untilAsserted(() -> assertThat(platform.as("ada").get("/api/contacts/" + contactId + "/timeline")
                .json().get("items").valueStream().map(entry -> entry.get("type").asString()).toList())
                .contains("deal_document_generated", "deal_document_sent"));
    }

    private static void addProduct(Browser browser, WebElement items, String sku, String name, String quantity, String percentOff) {
        WebElement product = label(browser, items, "Product from the catalogue");
        product.sendKeys(sku);
        browser.click(By.xpath("//li[@role='option'][contains(normalize-space(), " + literal(name) + ")]"));
        if (!items.findElements(By.xpath(".//label[normalize-space()='Currency *']")).isEmpty()) {
            label(browser, items, "Currency *").sendKeys("EUR");
        }
        WebElement count = label(browser, items, "Quantity *");
        browser.replaceText(count, quantity);
        if (percentOff != null) {
            new Select(label(browser, items, "Discount type")).selectByVisibleText("Percent");
            label(browser, items, "Discount").sendKeys(percentOff);
        }
        items.findElement(By.xpath(".//button[normalize-space()='Add line item']")).click();
        By row = By.cssSelector("tr[data-line-item='" + name + "']");
        By refusal = By.cssSelector("[role='alert']");
        browser.until(d -> !items.findElements(row).isEmpty() || !items.findElements(refusal).isEmpty());
        assertThat(items.findElements(row)).as("the line of %s, on a panel that shows: %s", name, items.getText()).hasSize(1);
    }

    /** The control a label names (the web app's Field ties them with for/id). */
    private static WebElement label(Browser browser, WebElement scope, String label) {
        return browser.until(d -> {
            List<WebElement> labels = scope.findElements(By.xpath(".//label[normalize-space()=" + literal(label) + "]"));
            return labels.isEmpty() ? null : scope.findElement(By.xpath(".//*[@id=" + literal(labels.getFirst().getAttribute("for")) + "]"));
        });
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "") + "'";
    }

    private static JsonNode created(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }
}

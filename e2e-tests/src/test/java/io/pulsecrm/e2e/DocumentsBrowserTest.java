package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient.Response;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Quotes in a real Chromium against the whole platform: an admin writes a quote template (one with a misspelt merge
 * field is refused beside the editor), a rep generates a quote for a deal with a Cyrillic title (its PDF's text has the
 * deal, its number is the next of the year), emails it to the deal's contact (the platform's SMTP server receives it
 * with the PDF attached), and both show on the contact's timeline; the deal page in Russian; axe on both screens.
 */
class DocumentsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    private static WebElement field(Browser browser, String label) {
        return browser.waitFor(By.xpath("//label[normalize-space()='" + label + "']/following-sibling::*[self::input or self::textarea or self::select]"));
    }

    private static void replaceText(WebElement input, String text) {
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    @Test
    void anAdminWritesAQuoteTemplateAndARepGeneratesEmailsAndSeesIt() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 6);
        String templateName = "Quote " + marker;
        String dealTitle = "Поставка котлов " + marker;
        String email = "buyer." + marker + "@e2e.example";
        Response contact = platform.as("ada").post("/api/contacts",
                "{\"firstName\":\"Ирина\",\"lastName\":\"Квеселава " + marker + "\",\"email\":\"" + email + "\"}");
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        String contactId = contact.json().get("id").asString();
        Response pipeline = platform.as("alex").post("/api/pipelines", """
                {"name":"Documents %s","lostReasons":["Price"],"stages":[{"name":"Lead","probability":10},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(marker));
        assertThat(pipeline.status()).as(pipeline.toString()).isEqualTo(201);
        Response deal = platform.as("ada").post("/api/deals", """
                {"pipelineId":"%s","title":"%s","amount":12500,"currency":"EUR","contacts":[{"contactId":"%s","role":"champion"}]}"""
                .formatted(pipeline.json().get("id").asString(), dealTitle, contactId));
        assertThat(deal.status()).as(deal.toString()).isEqualTo(201);
        String dealId = deal.json().get("id").asString();
        // the deal knows its contact's email from contacts-service's events
        await().atMost(WAIT).until(() -> platform.as("ada").get("/api/deals/" + dealId).json().at("/contacts/0/email")
                .asString("").equals(email));

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("alex", "/settings/document-templates");
            browser.waitForText(By.cssSelector("h1"), "Document templates");
            browser.byText("New template").click();
            replaceText(field(browser, "Name *"), templateName);
            replaceText(field(browser, "Kind *"), "quote");
            WebElement body = field(browser, "Template (HTML) *");
            replaceText(body, "<h1>{{document.name}} {{document.number}}</h1>\n<p>{{deal.titel}}</p>");
            browser.byText("Save template").click();
            WebElement refusal = browser.waitFor(By.xpath("//textarea/following-sibling::div[@role='alert']"));
            assertThat(refusal.getText()).contains("line 2", "deal.titel");
            Accessibility.assertNoSeriousViolations(browser, "document template editor with an error");

            replaceText(body, "<h1>{{document.name}} {{document.number}}</h1>\n<p>{{deal.title}}</p>\n<p>{{contact.name}} · {{deal.amount}}</p>\n");
            browser.byText("Save template").click();
            browser.waitFor(By.cssSelector("button[aria-label='Edit template " + templateName + "']"));
        }
        JsonNode template = platform.as("ada").get("/api/document-templates?kind=quote").json().get("items").valueStream()
                .filter(t -> t.get("name").asString().equals(templateName)).findFirst().orElseThrow();
        String templateId = template.get("id").asString();

        // another quote first: the one made on the screen must be the next number of the year
        Response earlier = platform.as("ada").post("/api/deals/" + dealId + "/documents", "{\"templateId\":\"" + templateId + "\"}");
        assertThat(earlier.status()).as(earlier.toString()).isEqualTo(201);
        long next = earlier.json().get("sequence").asLong() + 1;
        String number = LocalDate.now(ZoneOffset.UTC).getYear() + "-" + String.format("%04d", next);
        int mailsBefore = platform.mail().getReceivedMessages().length;

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/deals/" + dealId);
            browser.waitForText(By.cssSelector("#deal-documents"), "Documents");
            new Select(field(browser, "Template")).selectByVisibleText(templateName + " (Quote)");
            browser.byText("Generate document").click();
            WebElement emailButton = browser.waitFor(By.cssSelector("button[aria-label='Email to contact: " + templateName + " " + number + "']"));
            Accessibility.assertNoSeriousViolations(browser, "deal page with documents");

            emailButton.click();
            WebElement dialog = browser.waitFor(By.cssSelector("[role='dialog']"));
            assertThat(new Select(field(browser, "To")).getFirstSelectedOption().getText()).contains(email);
            field(browser, "Message").sendKeys("Добрый день! Предложение во вложении.");
            dialog.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitUntilGone(By.cssSelector("[role='dialog']"));
            browser.waitFor(By.xpath("//*[contains(., 'Sent once')]"));
        }

        List<JsonNode> documents = new ArrayList<>();
        platform.as("ada").get("/api/deals/" + dealId + "/documents").json().get("items").forEach(documents::add);
        JsonNode generated = documents.stream().filter(d -> d.get("number").asString().equals(number)).findFirst().orElseThrow();
        assertThat(generated.get("sequence").asLong()).isEqualTo(next);
        HttpResponse<byte[]> pdf = platform.as("ada").download("/api/deals/" + dealId + "/documents/" + generated.get("id").asString() + "/content");
        assertThat(pdf.statusCode()).isEqualTo(200);
        String text = SentDocuments.pdfText(pdf.body());
        assertThat(text).contains(dealTitle, "Ирина Квеселава " + marker, templateName);
        assertThat(text.replace("\n", "")).contains(number);

        assertThat(platform.mail().waitForIncomingEmail(30_000, mailsBefore + 1)).isTrue();
        MimeMessage mail = SentDocuments.to(platform.mail(), email).getFirst();
        assertThat(SentDocuments.attachment(mail)).as("the PDF attached").isEqualTo(pdf.body());
        assertThat(SentDocuments.plainText(mail)).contains("Добрый день! Предложение во вложении.");

        // the contact's timeline shows both, on the contact's page
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts/" + contactId);
            browser.byText("Activity").click();
            browser.waitFor(By.xpath("//li[@data-type='deal_document_generated']"));
            browser.waitFor(By.xpath("//li[@data-type='deal_document_sent'][contains(., '" + email + "')]"));
        }

        // in Russian
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru")) {
            browser.signIn("ada", "/deals/" + dealId);
            browser.waitForText(By.cssSelector("#deal-documents"), "Документы");
            browser.waitFor(By.cssSelector("button[aria-label='Отправить контакту: " + templateName + " " + number + "']"));
            assertThat(browser.byText("Создать документ").isDisplayed()).isTrue();
            Accessibility.assertNoSeriousViolations(browser, "deal page with documents (ru)");
        }
    }
}

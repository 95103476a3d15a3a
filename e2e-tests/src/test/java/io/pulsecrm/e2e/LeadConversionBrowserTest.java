package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Leads become deals across contacts-service, Kafka and deals-service, in a real Chromium: a rep converts a lead from
 * its page and lands on the deal; a lead form with deal settings, submitted through the public endpoint, opens a deal
 * for each lead with owners taking turns; a contact that is not a lead cannot be converted (the page says why, the API
 * answers 409). Each test makes its own pipeline, contacts and form.
 */
class LeadConversionBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void aRepConvertsALeadFromItsPageAndLandsOnTheNewDeal() {
        String pipelineName = "Conversion " + UUID.randomUUID().toString().substring(0, 8);
        JsonNode pipeline = newPipeline(pipelineName);
        String last = "Lead" + UUID.randomUUID().toString().substring(0, 6);
        String contactId = created(platform.as("ada").post("/api/contacts",
                "{\"firstName\":\"Lina\",\"lastName\":\"" + last + "\",\"lifecycleStage\":\"lead\"}")).get("id").asString();
        String dealName = "Boilers for " + last;

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts/" + contactId);
            shows(browser, "h1", last);
            browser.byText("Convert to deal").click();
            WebElement dialog = browser.waitFor(By.cssSelector("[role='dialog']"));
            browser.until(d -> !new Select(field(dialog, "Pipeline")).getOptions().isEmpty());
            new Select(field(dialog, "Pipeline")).selectByVisibleText(pipelineName);
            new Select(field(dialog, "Stage")).selectByVisibleText("Qualified");
            WebElement name = field(dialog, "Deal name");
            browser.replaceText(name, dealName);
            field(dialog, "Amount").sendKeys("1500");
            field(dialog, "Or a new company").sendKeys("Lina's Boilers " + last);
            Accessibility.assertNoSeriousViolations(browser, "convert to deal dialog");
            dialog.findElement(By.xpath(".//ancestor-or-self::*[@role='dialog']//button[normalize-space()='Convert']")).click();

            browser.until(d -> browser.currentPath().startsWith("/deals/"));
            shows(browser, "h1", dealName);
            String dealId = browser.currentPath().substring("/deals/".length());

            JsonNode deal = platform.as("ada").get("/api/deals/" + dealId).json();
            assertThat(deal.get("pipelineId").asString()).isEqualTo(pipeline.get("id").asString());
            assertThat(deal.get("ownerId").asString()).isEqualTo("ada");
            assertThat(deal.get("amount").decimalValue()).isEqualByComparingTo("1500");
            assertThat(deal.at("/contacts/0/contactId").asString()).isEqualTo(contactId);
            JsonNode contact = platform.as("ada").get("/api/contacts/" + contactId).json();
            assertThat(contact.get("lifecycleStage").asString()).isEqualTo("opportunity");
            assertThat(contact.at("/conversion/dealId").asString()).isEqualTo(dealId);
            assertThat(deal.get("companyId").asString()).isEqualTo(contact.get("companyId").asString());

            // back on the contact: the conversion is done, the page leads to the deal
            browser.go("/contacts/" + contactId);
            browser.byText("Open deal →").click();
            browser.until(d -> browser.currentPath().equals("/deals/" + dealId));
        }
    }

    @Test
    void aLeadFormWithDealSettingsOpensADealPerLeadWithOwnersTakingTurns() {
        String m = UUID.randomUUID().toString().substring(0, 8);
        JsonNode pipeline = newPipeline("Web requests " + m);
        JsonNode form = created(platform.as("alex").post("/api/lead-forms", """
                {"name":"Demo %s","deal":{"pipelineId":"%s","owner":{"roundRobin":["ada","bob"]}}}"""
                .formatted(m, pipeline.get("id").asString())));
        ApiClient web = platform.gateway(); // a web page: no bearer token
        String tokenUrl = "/api/public/lead-forms/" + form.get("id").asString() + "/form-token";
        List<JsonNode> tokens = List.of(web.get(tokenUrl).json(), web.get(tokenUrl).json());
        Instant notBefore = Instant.parse(tokens.get(1).get("notBefore").asString());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> Instant.now().isAfter(notBefore));

        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String email = "demo" + i + "." + m + "@e2e.example";
            Response received = web.post(form.get("submitUrl").asString(), """
                    {"firstName":"Demo%d","lastName":"Request%s","email":"%s","company":"Demo Co %d %s","formToken":"%s"}"""
                    .formatted(i, m, email, i, m, tokens.get(i).get("token").asString()), Map.of("X-Form-Key", form.get("key").asString()));
            assertThat(received.status()).as(received.toString()).isEqualTo(202);
            JsonNode contact = platform.as("alex").get("/api/contacts?q=" + email).json().at("/items/0");
            assertThat(contact.get("lifecycleStage").asString()).isEqualTo("opportunity");
            String dealId = contact.at("/conversion/dealId").asString();
            await().atMost(WAIT).until(() -> platform.as("alex").get("/api/deals/" + dealId).status() == 200);
            JsonNode deal = platform.as("alex").get("/api/deals/" + dealId).json();
            assertThat(deal.get("title").asString()).isEqualTo("Demo Co " + i + " " + m);
            assertThat(deal.get("ownerId").asString()).isEqualTo(contact.get("ownerId").asString());
            assertThat(deal.at("/contacts/0/contactId").asString()).isEqualTo(contact.get("id").asString());
            owners.add(deal.get("ownerId").asString());
        }
        assertThat(owners).containsExactlyInAnyOrder("ada", "bob");

        // the settings screen shows what the form does
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("alex", "/settings/lead-forms");
            shows(browser, "main", "Demo " + m);
            shows(browser, "main", "Deal, in turn: Ada Lovelace, Bob Byrne");
            browser.byText("New lead form").click();
            WebElement dialog = browser.waitFor(By.cssSelector("[role='dialog']"));
            dialog.findElement(By.xpath(".//label[contains(normalize-space(), 'Open a deal for each new lead')]")).click();
            browser.until(d -> !dialog.findElements(By.xpath(".//label[normalize-space()='Deal pipeline']")).isEmpty());
            Accessibility.assertNoSeriousViolations(browser, "lead form deal settings");
        }
    }

    @Test
    void aContactThatIsNotALeadCannotBeConvertedAndThePageSaysWhy() {
        JsonNode pipeline = newPipeline("Not a lead " + UUID.randomUUID().toString().substring(0, 8));
        String last = "Customer" + UUID.randomUUID().toString().substring(0, 6);
        String contactId = created(platform.as("ada").post("/api/contacts",
                "{\"firstName\":\"Carl\",\"lastName\":\"" + last + "\",\"lifecycleStage\":\"customer\"}")).get("id").asString();

        Response refused = platform.as("ada").post("/api/contacts/" + contactId + "/convert",
                "{\"pipelineId\":\"" + pipeline.get("id").asString() + "\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("lifecycleStage").asString()).isEqualTo("customer");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts/" + contactId);
            shows(browser, "h1", last);
            WebElement button = browser.byText("Convert to deal");
            assertThat(button.isEnabled()).isFalse();
            shows(browser, "main", "Only leads convert into deals; this contact is customer.");
            Accessibility.assertNoSeriousViolations(browser, "contact that is not a lead");
        }
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("ada", "/contacts/" + contactId);
            shows(browser, "main", "В сделку превращаются только лиды");
            assertThat(browser.byText("Превратить в сделку").isEnabled()).isFalse();
        }
        try (Browser phone = Browser.phone(platform.gatewayUrl())) {
            phone.signIn("ada", "/contacts/" + contactId);
            WebElement button = phone.byText("Convert to deal");
            assertThat(button.getRect().getX() + button.getRect().getWidth()).isLessThanOrEqualTo(390);
        }
    }

    /**
     * A pipeline made through deals-service, once contacts-service has it too (it learns pipelines from their events): a
     * conversion naming it with a bad role is then refused for the role alone, and changes nothing.
     */
    private static JsonNode newPipeline(String name) {
        JsonNode pipeline = created(platform.as("alex").post("/api/pipelines", """
                {"name":"%s","lostReasons":["Price"],"stages":[
                  {"name":"New","probability":10},{"name":"Qualified","probability":30},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(name)));
        String probe = created(platform.as("alex").post("/api/contacts",
                "{\"firstName\":\"Probe\",\"lifecycleStage\":\"lead\"}")).get("id").asString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> !platform.as("alex").post(
                "/api/contacts/" + probe + "/convert", "{\"pipelineId\":\"" + pipeline.get("id").asString()
                        + "\",\"contactRole\":\"nobody\"}").body().contains("\"pipelineId\""));
        return pipeline;
    }

    /** Waits until an element shows the text (among other text). */
    private static void shows(Browser browser, String css, String text) {
        browser.until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.isDisplayed() && e.getText().contains(text)));
    }

    private static WebElement field(WebElement dialog, String label) {
        return dialog.findElement(By.xpath(".//label[normalize-space()='" + label + "']/following-sibling::*[self::input or self::select]"));
    }

    private static JsonNode created(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }
}

package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.e2e.chaos.WebhookReceiver;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * Settings in a real Chromium against the whole platform: an admin adds a stage that requires a field and moves it with
 * the keyboard, then a rep dragging a deal into it is asked for the field; a webhook subscription made on the screen
 * shows its delivery log and redelivers to a receiver on loopback; a rep sees no admin sections (and the API refuses
 * them); a person's quiet hours persist. Every test makes its own pipeline, subscription or user settings.
 */
class SettingsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    private static WebElement dialog(Browser browser) {
        return browser.waitFor(By.cssSelector("[role='dialog']"));
    }

    private static WebElement input(WebElement scope, String label) {
        return scope.findElement(By.xpath(".//label[normalize-space()='" + label + "']/following-sibling::*[self::input or self::textarea or self::select]"));
    }

    private static void shows(Browser browser, String css, String text) {
        browser.until(d -> d.findElement(By.cssSelector(css)).getText().contains(text));
    }

    private static List<String> stageNames(JsonNode pipeline) {
        List<String> names = new ArrayList<>();
        pipeline.get("stages").forEach(stage -> names.add(stage.get("name").asString()));
        return names;
    }

    @Test
    void anAdminAddsAStageThatRequiresAFieldAndARepDraggingADealIntoItIsAskedForIt() {
        Response created = platform.as("alex").post("/api/pipelines", """
                {"name":"Settings %s","lostReasons":["Price"],"stages":[
                  {"name":"Lead","probability":10},{"name":"Proposal","probability":60},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(UUID.randomUUID()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String pipelineId = created.json().get("id").asString();
        String leadId = created.json().get("stages").get(0).get("id").asString();
        String title = "Boilers " + UUID.randomUUID().toString().substring(0, 6);
        Response deal = platform.as("ada").post("/api/deals",
                "{\"pipelineId\":\"%s\",\"stageId\":\"%s\",\"title\":\"%s\"}".formatted(pipelineId, leadId, title));
        assertThat(deal.status()).as(deal.toString()).isEqualTo(201);

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("alex", "/settings/pipelines?pipeline=" + pipelineId);
            browser.waitForText(By.cssSelector("h1"), "Pipelines and stages");
            browser.waitFor(By.cssSelector("button[aria-label='Reorder Proposal']"));
            Accessibility.assertNoSeriousViolations(browser, "pipelines settings");

            browser.byText("Add stage").click();
            WebElement form = dialog(browser);
            input(form, "Name *").sendKeys("Negotiation");
            WebElement probability = input(form, "Probability (%)");
            probability.sendKeys(Keys.chord(Keys.CONTROL, "a"), "75");
            input(form, "Stalled after (days)").sendKeys("10");
            form.findElement(By.xpath(".//label[normalize-space()='Expected close']/input")).click();
            form.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitUntilGone(By.cssSelector("[role='dialog']"));
            WebElement grip = browser.waitFor(By.cssSelector("button[aria-label='Reorder Negotiation']"));
            JsonNode added = platform.as("alex").get("/api/pipelines/" + pipelineId).json();
            assertThat(stageNames(added)).as("a new open stage goes after the open ones")
                    .containsExactly("Lead", "Proposal", "Negotiation", "Won", "Lost");
            JsonNode negotiation = added.get("stages").get(2);
            assertThat(negotiation.get("requiredFields").get(0).asString()).isEqualTo("expectedCloseDate");
            assertThat(negotiation.get("probability").asInt()).isEqualTo(75);
            assertThat(negotiation.get("stallAfter").asString()).isEqualTo("P10D");
            assertThat(browser.waitFor(By.cssSelector("li[data-stage-id='" + negotiation.get("id").asString() + "']")).getText())
                    .contains("Requires: Expected close", "Stalled after 10 days");

            // reordered with the keyboard: Space picks the stage up, arrow up moves it above Proposal, Space drops it
            grip.sendKeys(Keys.SPACE);
            browser.driver().switchTo().activeElement().sendKeys(Keys.ARROW_UP);
            browser.driver().switchTo().activeElement().sendKeys(Keys.SPACE);
            await().atMost(WAIT).untilAsserted(() -> assertThat(stageNames(platform.as("alex").get("/api/pipelines/" + pipelineId).json()))
                    .containsExactly("Lead", "Negotiation", "Proposal", "Won", "Lost"));
        }

        String negotiationId = platform.as("ada").get("/api/pipelines/" + pipelineId).json().get("stages").get(1).get("id").asString();
        String dealId = deal.json().get("id").asString();
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/deals?pipeline=" + pipelineId);
            By card = By.xpath("//li[@data-deal-id='" + dealId + "']");
            WebElement cardElement = browser.waitFor(card);
            DealsBoardBrowserTest.drag(browser, cardElement.findElement(By.cssSelector("button[aria-label='Move " + title + "']")),
                    browser.waitFor(By.cssSelector("section[data-stage-id='" + negotiationId + "']")));
            WebElement ask = dialog(browser);
            assertThat(ask.getText()).contains("Move “" + title + "” to Negotiation", "Expected close");
            LocalDate close = LocalDate.now().plusDays(45);
            DealsBoardBrowserTest.typeDate(ask.findElement(By.cssSelector("input[type=date]")), close);
            browser.byText("Move").click();
            browser.waitFor(By.xpath("//section[@data-stage-id='" + negotiationId + "']//li[@data-deal-id='" + dealId + "']"));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode moved = platform.as("ada").get("/api/deals/" + dealId).json();
                assertThat(moved.at("/stage/name").asString()).isEqualTo("Negotiation");
                assertThat(moved.get("expectedCloseDate").asString()).isEqualTo(close.toString());
            });
        }
    }

    @Test
    void aWebhookSubscriptionMadeOnTheScreenShowsItsDeliveryLogAndRedelivers() {
        try (WebhookReceiver receiver = new WebhookReceiver(); Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("alex", "/settings/webhooks");
            browser.waitForText(By.cssSelector("h1"), "Webhooks");
            browser.byText("New subscription").click();
            WebElement form = dialog(browser);
            WebElement target = input(form, "Target URL *");
            target.sendKeys(Keys.chord(Keys.CONTROL, "a"), receiver.url());
            input(form, "Events *").sendKeys("pulse.contact.*");
            input(form, "Description").sendKeys("Settings browser test");
            form.findElement(By.cssSelector("button[type=submit]")).click();

            WebElement secret = browser.waitFor(By.cssSelector("[data-testid='webhook-secret']"));
            assertThat(secret.getText()).as("the secret is shown once").hasSizeGreaterThan(16);
            browser.byText("I have stored it").click();
            browser.waitUntilGone(By.cssSelector("[role='dialog']"));
            browser.waitFor(By.xpath("//h2[normalize-space()=" + "'" + receiver.url() + "'" + "]"));

            Response contact = platform.as("alex").post("/api/contacts",
                    "{\"firstName\":\"Hook\",\"lastName\":\"%s\"}".formatted(UUID.randomUUID()));
            assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
            await().atMost(WAIT).until(() -> !receiver.deliveries().isEmpty());
            String deliveryId = receiver.deliveries().getFirst().webhookId();

            // the log follows the deliveries while it is open
            By row = By.cssSelector("tr[data-delivery-id='" + deliveryId + "']");
            browser.until(d -> d.findElements(row).stream().anyMatch(r -> r.getText().contains("Delivered")));
            assertThat(browser.waitFor(row).getText()).contains("pulse.contact.");
            Accessibility.assertNoSeriousViolations(browser, "webhooks settings with a delivery log");

            browser.waitFor(row).findElement(By.xpath(".//button[normalize-space()='Redeliver']")).click();
            await().atMost(WAIT).until(() -> receiver.deliveries().stream().filter(d -> deliveryId.equals(d.webhookId())).count() >= 2);
        }
    }

    @Test
    void anAdminDefinesACustomFieldAndALeadFormWhoseSnippetCarriesItsKey() {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String label = "Fleet size " + suffix;
        String formName = "Website " + suffix;
        String fieldKey = "fleetSize" + Character.toUpperCase(suffix.charAt(0)) + suffix.substring(1);
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("alex", "/settings/fields?object=company");
            browser.waitForText(By.cssSelector("h1"), "Custom fields");
            browser.byText("New field").click();
            WebElement form = dialog(browser);
            input(form, "Label *").sendKeys(label);
            assertThat(input(form, "Key *").getAttribute("value")).as("a key made from the label").isEqualTo(fieldKey);
            new org.openqa.selenium.support.ui.Select(input(form, "Type")).selectByVisibleText("Number");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            browser.waitUntilGone(By.cssSelector("[role='dialog']"));
            browser.waitFor(By.xpath("//td[normalize-space()='" + fieldKey + "']"));
            Accessibility.assertNoSeriousViolations(browser, "custom fields settings");
            JsonNode fields = platform.as("alex").get("/api/custom-fields?objectType=company").json().get("items");
            assertThat(fields.toString()).contains("\"key\":\"" + fieldKey + "\"", "\"type\":\"number\"");

            browser.go("/settings/lead-forms");
            browser.byText("New lead form").click();
            WebElement leadForm = dialog(browser);
            input(leadForm, "Name *").sendKeys(formName);
            input(leadForm, "Tags").sendKeys("web, " + suffix);
            leadForm.findElement(By.cssSelector("button[type=submit]")).click();
            String key = browser.waitFor(By.cssSelector("[data-testid='form-key']")).getText();
            String snippet = dialog(browser).findElement(By.cssSelector("textarea")).getAttribute("value");
            String formId = platform.as("alex").get("/api/lead-forms").json().get("items").valueStream()
                    .filter(f -> f.get("name").asString().equals(formName)).findFirst().orElseThrow().get("id").asString();
            assertThat(snippet).contains("'X-Form-Key': \"" + key + "\"", "/api/public/lead-forms/" + formId, "name=\"website\"");
            assertThat(dialog(browser).getText()).contains("Preview", "First name");
            Accessibility.assertNoSeriousViolations(browser, "a new lead form's snippet and preview");

            // the key in the snippet is the form's: the public endpoint takes a submission with it (and refuses another)
            String token = platform.gateway().get("/api/public/lead-forms/" + formId + "/form-token").json().get("token").asString();
            String lead = "{\"firstName\":\"Lena\",\"email\":\"lena-%s@example.com\",\"formToken\":\"%s\"}".formatted(suffix, token);
            assertThat(platform.gateway().post("/api/public/lead-forms/" + formId + "/submissions", lead,
                    Map.of("X-Form-Key", key)).status()).isEqualTo(202);
            assertThat(platform.gateway().post("/api/public/lead-forms/" + formId + "/submissions", lead,
                    Map.of("X-Form-Key", key + "x")).status()).isEqualTo(401);
        }
    }

    @Test
    void aRepSeesNoAdminSectionsAndTheirAddressesSayNotAllowedAsTheApiDoes() {
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("bob", "/settings");
            browser.waitForText(By.cssSelector("h1"), "Notification settings");
            assertThat(browser.currentPath()).isEqualTo("/settings/notifications");
            String sections = browser.waitFor(By.cssSelector("nav[aria-label='Settings sections']")).getText();
            assertThat(sections).contains("Notifications").doesNotContain("Pipelines", "Webhooks", "Custom fields", "Lead forms");

            for (String path : List.of("/settings/pipelines", "/settings/webhooks", "/settings/fields")) {
                browser.go(path);
                assertThat(browser.waitFor(By.cssSelector("[data-testid='not-allowed']")).getText()).contains("Not allowed");
            }
            Accessibility.assertNoSeriousViolations(browser, "an admin section for a rep");
        }
        assertThat(platform.as("bob").post("/api/pipelines", "{\"name\":\"Mine\",\"stages\":[]}").status()).isEqualTo(403);
        assertThat(platform.as("bob").get("/api/webhooks").status()).isEqualTo(403);
        assertThat(platform.as("bob").get("/api/lead-forms").status()).isEqualTo(403);
        assertThat(platform.as("bob").post("/api/custom-fields",
                "{\"objectType\":\"contact\",\"key\":\"mine\",\"label\":\"Mine\",\"type\":\"text\"}").status()).isEqualTo(403);
    }

    @Test
    void aPersonSavesQuietHoursAndTheyPersist() {
        Response reset = platform.as("wes").send("PUT", "/api/notifications/preferences", "{}",
                Map.of("Content-Type", "application/json"));
        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("wes", "/settings/notifications");
            browser.waitForText(By.cssSelector("h1"), "Notification settings");
            Accessibility.assertNoSeriousViolations(browser, "notification settings");

            browser.waitFor(By.xpath("//label[normalize-space()='Hold emails during quiet hours']/input")).click();
            WebElement from = input(browser.waitFor(By.cssSelector("main")), "From");
            from.click();
            from.sendKeys("0930P");
            WebElement until = input(browser.waitFor(By.cssSelector("main")), "Until");
            until.click();
            until.sendKeys("0645A");
            WebElement reminderEmails = browser.waitFor(By.cssSelector("input[aria-label='Task reminders: Email']"));
            assertThat(reminderEmails.isSelected()).as("task reminders come by email by default").isTrue();
            reminderEmails.click();
            browser.byText("Save").click();
            browser.until(d -> d.findElement(By.tagName("body")).getText().contains("Notification settings saved"));

            JsonNode saved = platform.as("wes").get("/api/notifications/preferences").json();
            assertThat(saved.at("/quietHours/start").asString()).startsWith("21:30");
            assertThat(saved.at("/quietHours/end").asString()).startsWith("06:45");
            assertThat(saved.at("/channels/task_reminder").toString()).doesNotContain("email");

            browser.driver().navigate().refresh();
            WebElement again = input(browser.waitFor(By.cssSelector("main")), "From");
            assertThat(again.getAttribute("value")).isEqualTo("21:30");
            assertThat(input(browser.waitFor(By.cssSelector("main")), "Until").getAttribute("value")).isEqualTo("06:45");
            assertThat(browser.waitFor(By.cssSelector("input[aria-label='Task reminders: Email']")).isSelected()).isFalse();
        }
        try (Browser phone = Browser.phone(platform.gatewayUrl())) {
            phone.signIn("wes", "/settings/notifications");
            phone.waitForText(By.cssSelector("h1"), "Notification settings");
            phone.waitForText(By.cssSelector("h2"), "Quiet hours");
            assertThat(((Number) phone.script("return document.documentElement.scrollWidth - window.innerWidth")).intValue())
                    .as("nothing wider than a phone").isLessThanOrEqualTo(0);
        }
    }

    @Test
    void aRepChoosesTheirOwnPhoneCountryAndTheirNationalNumbersAreReadInIt() {
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("cleo", "/settings/phone");
            browser.waitForText(By.cssSelector("h1"), "Телефонные номера");
            assertThat(browser.all(By.id("phone-organisation"))).as("the organisation's default is for admins").isEmpty();
            Accessibility.assertNoSeriousViolations(browser, "phone settings");

            WebElement own = input(browser.waitFor(By.cssSelector("main")), "Выбрать свою");
            own.sendKeys("Bulgaria");
            browser.byText("Сохранить").click();
            browser.until(d -> "true".equals(own.getAttribute("aria-invalid")));
            assertThat(own.findElement(By.xpath("following-sibling::*[@role='alert']")).getText()).contains("ISO 3166");
            own.sendKeys(Keys.chord(Keys.CONTROL, "a"), "bg");
            shows(browser, "main", "Болгария (BG)");
            browser.byText("Сохранить").click();
            shows(browser, "[data-testid='phone-region-current']", "вы выбрали сами");

            Response created = platform.as("cleo").post("/api/contacts",
                    "{\"firstName\":\"Boyan\",\"phone\":\"0888 123 457\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().get("phone").asString()).isEqualTo("+359888123457");

            browser.driver().navigate().refresh();
            shows(browser, "[data-testid='phone-region-current']", "Болгария (BG)");
            browser.byText("Как в организации").click();
            browser.until(d -> !d.findElement(By.cssSelector("[data-testid='phone-region-current']")).getText().contains("Болгария"));
            assertThat(platform.as("cleo").get("/api/settings/phone-region/mine").json().get("own").isNull()).isTrue();
        } finally {
            platform.as("cleo").send("DELETE", "/api/settings/phone-region/mine", null, Map.of());
        }
    }
}

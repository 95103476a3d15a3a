package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Contacts and companies in a real Chromium against the whole platform (issue #13): finding a contact by part of its
 * name and logging a call, what a rep may not see, a concurrent edit and its resolution, duplicates, a segment shared
 * with the team, bulk reassignment, Russian, a phone, and accessibility of the list and the record page. Every test
 * works on records named by its own marker, so tests share the platform.
 */
class ContactsBrowserTest {

    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void aRepFindsAContactByTypingPartOfItsNameAndLogsACallOnItsTimeline() {
        String m = marker();
        String id = createContact("ada", "{\"firstName\":\"Zelda\",\"lastName\":\"Quist" + m + "\",\"jobTitle\":\"Buyer\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts");
            WebElement search = browser.waitFor(By.cssSelector("main input[type=search]"));
            search.sendKeys("quist" + m.substring(0, 4));
            browser.until(d -> d.getCurrentUrl().contains("q=quist"));
            browser.waitFor(By.linkText("Zelda Quist" + m)).click();

            browser.waitForText(By.cssSelector("h1"), "Zelda Quist" + m);
            assertThat(browser.currentPath()).isEqualTo("/contacts/" + id);
            Accessibility.assertNoSeriousViolations(browser, "contact page");

            WebElement composer = browser.waitFor(By.cssSelector("form[aria-label='Log an activity']"));
            assertThat(composer.findElement(By.cssSelector("input[value=call]")).isSelected()).as("a call is the default").isTrue();
            fieldIn(composer, "Subject").sendKeys("Renewal " + m);
            fieldIn(composer, "Details").sendKeys("Wants a quote for 40 seats");
            fieldIn(composer, "Duration (minutes)").sendKeys("12");
            browser.byText("Log call").click();

            WebElement entry = browser.waitFor(By.xpath("//ol[@aria-label='Activity']/li[@data-type='call'][contains(., 'Renewal " + m + "')]"));
            assertThat(entry.getText()).contains("Call", "Outbound", "12 minutes", "Wants a quote for 40 seats");
            assertThat(fieldIn(composer, "Subject").getAttribute("value")).as("the form is ready for the next one").isEmpty();
        }
        JsonNode timeline = platform.as("ada").get("/api/contacts/" + id + "/timeline").json();
        assertThat(timeline.at("/items/0/type").asString()).isEqualTo("call");
        assertThat(timeline.at("/items/0/subject").asString()).isEqualTo("Renewal " + m);
        assertThat(timeline.at("/items/0/durationSeconds").asInt()).isEqualTo(720);
    }

    @Test
    void aRepCannotSeeAnotherRepsContactInTheListInSearchOrByItsAddress() {
        String m = marker();
        String bobs = createContact("bob", "{\"firstName\":\"Hidden\",\"lastName\":\"Bobcontact" + m + "\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts?q=bobcontact" + m);
            browser.waitForText(By.cssSelector("main strong"), "Nothing matches these filters");
            assertThat(browser.all(By.partialLinkText("Bobcontact" + m))).isEmpty();

            browser.driver().findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.CONTROL, "k"));
            WebElement palette = browser.waitFor(By.cssSelector("[cmdk-input]"));
            palette.sendKeys("bobcontact" + m);
            browser.waitFor(By.xpath("//*[@role='status'][contains(., 'Nothing found')]"));
            assertThat(browser.all(By.cssSelector("[cmdk-item]"))).isEmpty();
            palette.sendKeys(Keys.ESCAPE);

            browser.go("/contacts/" + bobs);
            browser.waitForText(By.cssSelector("main strong"), "Not found, or not visible to you");
            assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain("Bobcontact" + m);
        }
    }

    @Test
    void aConcurrentEditShowsTheConflictAndKeepingOnesOwnValueKeepsIt() {
        String m = marker();
        String id = createContact("ada", "{\"firstName\":\"Conflict\",\"lastName\":\"Case" + m + "\",\"jobTitle\":\"Analyst\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts/" + id);
            browser.waitForText(By.cssSelector("h1"), "Conflict Case" + m);
            browser.byText("Edit Job title").click();
            WebElement input = browser.waitFor(By.cssSelector("[data-field='jobTitle'] input"));
            browser.replaceText(input, "CTO");

            // someone else changes the same field through the API after the page was loaded
            Response theirs = platform.as("ada").patch("/api/contacts/" + id, "{\"jobTitle\":\"Head of Data\"}", Map.of("If-Match", "\"0\""));
            assertThat(theirs.status()).as(theirs.toString()).isEqualTo(200);

            input.sendKeys(Keys.ENTER);
            WebElement dialog = browser.waitFor(By.cssSelector("[role=dialog]"));
            assertThat(dialog.getText()).contains("Someone else changed this in the meantime", "Job title");
            assertThat(dialog.findElement(By.cssSelector("[data-testid=conflict-mine]")).getText()).isEqualTo("CTO");
            assertThat(dialog.findElement(By.cssSelector("[data-testid=conflict-current]")).getText()).contains("Head of Data", "Analyst");
            Accessibility.assertNoSeriousViolations(browser, "conflict dialog");
            browser.byText("Keep mine").click();

            browser.waitUntilGone(By.cssSelector("[role=dialog]"));
            browser.waitForText(By.cssSelector("[data-field='jobTitle'] dd span"), "CTO");
        }
        JsonNode stored = platform.as("ada").get("/api/contacts/" + id).json();
        assertThat(stored.get("jobTitle").asString()).isEqualTo("CTO");
        assertThat(stored.get("version").asLong()).as("their change, then mine on top of it").isEqualTo(2);
    }

    @Test
    void takingTheCurrentValueDropsOnesOwnChange() {
        String m = marker();
        String id = createContact("ada", "{\"firstName\":\"Take\",\"lastName\":\"Current" + m + "\",\"jobTitle\":\"Analyst\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts/" + id);
            browser.byText("Edit Job title").click();
            WebElement input = browser.waitFor(By.cssSelector("[data-field='jobTitle'] input"));
            browser.replaceText(input, "Intern");
            platform.as("ada").patch("/api/contacts/" + id, "{\"jobTitle\":\"Director\"}", Map.of("If-Match", "\"0\""));
            input.sendKeys(Keys.ENTER);

            browser.waitFor(By.cssSelector("[role=dialog]"));
            browser.byText("Take current").click();
            browser.waitForText(By.cssSelector("[data-field='jobTitle'] dd span"), "Director");
        }
        assertThat(platform.as("ada").get("/api/contacts/" + id).json().get("jobTitle").asString()).isEqualTo("Director");
    }

    @Test
    void creatingADuplicateOffersTheExistingContact() {
        String m = marker();
        String email = "dup" + m + "@e2e.example";
        String existing = createContact("ada", "{\"firstName\":\"Original\",\"lastName\":\"Dup" + m + "\",\"email\":\"" + email + "\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts");
            browser.byText("New contact").click();
            WebElement dialog = browser.waitFor(By.cssSelector("[role=dialog]"));
            dialog.findElement(By.name("firstName")).sendKeys("Copy");
            dialog.findElement(By.name("lastName")).sendKeys("Dup" + m);
            dialog.findElement(By.name("email")).sendKeys(email.toUpperCase());
            browser.byText("Create").click();

            WebElement candidates = browser.waitFor(By.xpath("//*[@role='dialog']//*[@role='alert'][contains(., 'This may already be in Pulse')]"));
            assertThat(candidates.getText()).contains("Original Dup" + m, email);
            assertThat(browser.byText("Create anyway").isDisplayed()).isTrue();
            assertThat(browser.all(By.xpath("//button[normalize-space(.)='Merge into this one']"))).as("reps do not merge").isEmpty();
            candidates.findElement(By.linkText("Original Dup" + m)).click();

            browser.waitForText(By.cssSelector("h1"), "Original Dup" + m);
            assertThat(browser.currentPath()).isEqualTo("/contacts/" + existing);
        }
        JsonNode list = platform.as("ada").get("/api/contacts?q=dup" + m).json();
        assertThat(list.get("items").size()).as("nothing was created").isEqualTo(1);
    }

    @Test
    void aSegmentSharedWithTheTeamIsSeenByATeammate() {
        String m = marker();
        String tag = "seg" + m;
        createContact("ada", "{\"firstName\":\"Adas\",\"lastName\":\"Segment" + m + "\",\"tags\":[\"" + tag + "\"]}");
        createContact("bob", "{\"firstName\":\"Bobs\",\"lastName\":\"Segment" + m + "\",\"tags\":[\"" + tag + "\"]}");
        String name = "East " + m;

        try (Browser ada = Browser.open(platform.gatewayUrl())) {
            ada.signIn("ada", "/contacts?tag=" + tag);
            ada.waitFor(By.linkText("Adas Segment" + m));
            ada.byText("Save as segment").click();
            WebElement dialog = ada.waitFor(By.cssSelector("[role=dialog]"));
            dialog.findElement(By.cssSelector("input:not([type=radio])")).sendKeys(name);
            dialog.findElement(By.cssSelector("input[type=radio][value=team]")).click();
            ada.byText("Save").click();
            ada.waitUntilGone(By.cssSelector("[role=dialog]"));
            ada.until(d -> d.getCurrentUrl().contains("segment="));
            assertThat(ada.waitFor(By.cssSelector("main")).getText()).contains(name, "My team");
        }

        try (Browser bob = Browser.open(platform.gatewayUrl())) {
            bob.signIn("bob", "/contacts");
            bob.byText("Segments").click();
            bob.waitFor(By.xpath("//*[@role='menu']//*[contains(., 'Shared with me')]"));
            bob.waitFor(By.xpath("//*[@role='menuitem'][contains(., '" + name + "')]")).click();
            bob.until(d -> d.getCurrentUrl().contains("tag=" + tag));
            bob.waitFor(By.linkText("Bobs Segment" + m));
            assertThat(bob.all(By.linkText("Adas Segment" + m))).as("a shared segment shows each person their own view").isEmpty();
        }
    }

    @Test
    void aManagerGivesSelectedContactsToARepAndRetriesTheOneChangedMeanwhile() {
        String m = marker();
        String tag = "bulk" + m;
        List<String> ids = List.of(
                createContact("ada", "{\"firstName\":\"Bulk1\",\"lastName\":\"Move" + m + "\",\"tags\":[\"" + tag + "\"]}"),
                createContact("ada", "{\"firstName\":\"Bulk2\",\"lastName\":\"Move" + m + "\",\"tags\":[\"" + tag + "\"]}"),
                createContact("ada", "{\"firstName\":\"Bulk3\",\"lastName\":\"Move" + m + "\",\"tags\":[\"" + tag + "\"]}"));

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("maria", "/contacts?tag=" + tag);
            browser.waitFor(By.linkText("Bulk3 Move" + m));
            browser.waitFor(By.cssSelector("input[aria-label='Select all contacts shown']")).click();
            browser.waitForText(By.cssSelector("[aria-label='Selected contacts'] strong"), "3 selected");

            // one of them changes after the list was read
            platform.as("ada").patch("/api/contacts/" + ids.get(1), "{\"jobTitle\":\"Changed\"}", Map.of("If-Match", "\"0\""));

            browser.byText("Assign owner").click();
            WebElement dialog = browser.waitFor(By.cssSelector("[role=dialog]"));
            new Select(dialog.findElement(By.tagName("select"))).selectByVisibleText("Bob Byrne");
            browser.byText("Apply").click();

            WebElement report = browser.waitFor(By.xpath("//*[@role='dialog'][contains(., 'Some contacts were not changed')]"));
            assertThat(report.getText()).contains("Bulk2 Move" + m, "Changed by someone else since you loaded the list");
            browser.byText("Apply to 1 changed contact again").click();
            browser.waitUntilGone(By.cssSelector("[role=dialog]"));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(platform.as("maria").get("/api/contacts/" + id).json().get("ownerId").asString()).isEqualTo("bob");
            }
        });
    }

    @Test
    void theContactPagesSpeakRussian() {
        String m = marker();
        String id = createContact("ada", "{\"firstName\":\"Кира\",\"lastName\":\"Иванова" + m + "\",\"lifecycleStage\":\"customer\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("ada", "/contacts?q=" + "иванова" + m);
            browser.waitForText(By.cssSelector("h1"), "Контакты");
            browser.waitFor(By.linkText("Кира Иванова" + m));
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Фильтры", "Сегменты", "Клиент", "Новый контакт");
            Accessibility.assertNoSeriousViolations(browser, "contact list in Russian");

            browser.driver().findElement(By.linkText("Кира Иванова" + m)).click();
            browser.waitForText(By.cssSelector("h1"), "Кира Иванова" + m);
            assertThat(browser.currentPath()).isEqualTo("/contacts/" + id);
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Сведения", "Активность", "История", "Должность");
            browser.waitFor(By.xpath("//button[normalize-space(.)='Записать: звонок']"));
            Accessibility.assertNoSeriousViolations(browser, "contact page in Russian");
        }
    }

    @Test
    void onAPhoneTheListAndTheRecordPageFitTheScreen() {
        String m = marker();
        String id = createContact("ada", "{\"firstName\":\"Pocket\",\"lastName\":\"Phone" + m + "\",\"email\":\"pocket" + m + "@e2e.example\"}");

        try (Browser browser = Browser.phone(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts?q=phone" + m);
            WebElement card = browser.waitFor(By.linkText("Pocket Phone" + m));
            assertNoSidewaysScrolling(browser);
            card.click();

            browser.waitForText(By.cssSelector("h1"), "Pocket Phone" + m);
            assertThat(browser.currentPath()).isEqualTo("/contacts/" + id);
            assertNoSidewaysScrolling(browser);
            browser.byText("Edit Job title").click();
            WebElement input = browser.waitFor(By.cssSelector("[data-field='jobTitle'] input"));
            input.sendKeys("Courier", Keys.ENTER);
            browser.waitForText(By.cssSelector("[data-field='jobTitle'] dd span"), "Courier");
            assertNoSidewaysScrolling(browser);
        }
        assertThat(platform.as("ada").get("/api/contacts/" + id).json().get("jobTitle").asString()).isEqualTo("Courier");
    }

    @Test
    void theListFiltersByStageAndCustomFieldsAndTheLinkKeepsThem() {
        String m = marker();
        String tag = "flt" + m;
        createContact("ada", "{\"firstName\":\"Lead\",\"lastName\":\"Filter" + m + "\",\"tags\":[\"" + tag + "\"],\"lifecycleStage\":\"lead\"}");
        createContact("ada", "{\"firstName\":\"Customer\",\"lastName\":\"Filter" + m + "\",\"tags\":[\"" + tag + "\"],\"lifecycleStage\":\"customer\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/contacts?tag=" + tag);
            browser.waitFor(By.linkText("Lead Filter" + m));
            browser.waitFor(By.xpath("//button[@aria-haspopup='dialog'][contains(normalize-space(.), 'Filters 1 applied')]")).click();
            WebElement panel = browser.waitFor(By.cssSelector("[role=dialog][aria-label='Filters']"));
            new Select(fieldIn(panel, "Stage")).selectByVisibleText("Customer");
            browser.until(d -> d.getCurrentUrl().contains("lifecycleStage=customer"));
            browser.waitUntilGone(By.linkText("Lead Filter" + m));
            assertThat(browser.waitFor(By.linkText("Customer Filter" + m)).isDisplayed()).isTrue();
            Accessibility.assertNoSeriousViolations(browser, "contact list with filters open");

            browser.driver().navigate().refresh();
            browser.waitFor(By.linkText("Customer Filter" + m));
            assertThat(browser.all(By.linkText("Lead Filter" + m))).as("the URL keeps the filters").isEmpty();
            assertThat(browser.waitFor(By.cssSelector("ul[aria-label='Applied filters']")).getText()).contains("Stage: Customer", "Tag: " + tag);
        }
    }

    private static void assertNoSidewaysScrolling(Browser browser) {
        Number width = (Number) browser.script("return document.documentElement.scrollWidth");
        // on failure, name the elements that stick out, deepest last
        Object wide = browser.script("return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 1)"
                + ".slice(-5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
        assertThat(width.intValue()).as("no sideways scrolling; wider than the screen: %s", wide).isLessThanOrEqualTo(390);
    }

    /** The control labelled {@code label} inside {@code scope}, as a person finds it. */
    private static WebElement fieldIn(WebElement scope, String label) {
        WebElement labelElement = scope.findElement(By.xpath(".//label[normalize-space(.)='" + label + "' or normalize-space(text())='" + label + "']"));
        return scope.findElement(By.id(labelElement.getAttribute("for")));
    }

    /** Creates a contact through the gateway as {@code user} (also for the other browser tests of these pages). */
    static String createContact(String user, String json) {
        return create(E2ePlatform.shared().as(user), "/api/contacts", json);
    }

    /**
     * Creates a record for a test's setup and gives its id. A service that is still warming up on a loaded machine may
     * answer 503 through the gateway: the request is repeated with the same Idempotency-Key, so it is applied once.
     */
    static String create(ApiClient client, String path, String json) {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Response created = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.post(path, json, key), response -> response.status() != 503 && response.status() != 504);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static String marker() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}

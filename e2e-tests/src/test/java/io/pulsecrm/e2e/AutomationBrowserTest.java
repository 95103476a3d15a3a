package io.pulsecrm.e2e;

import static io.pulsecrm.e2e.AutomationFixture.move;
import static io.pulsecrm.e2e.AutomationFixture.newDeal;
import static io.pulsecrm.e2e.AutomationFixture.proposalPipeline;
import static io.pulsecrm.e2e.AutomationFixture.tasksOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
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
 * Issue #16's automation scenario in a real Chromium against the whole platform: an admin builds "deal moved to
 * Proposal → task for the owner" with the form editor (a refused field shown beside it), dry-runs the draft against a
 * deal, saves it, a deal is moved and the task and the run appear; a failed run shows its error and is retried; a rep
 * has no entry and is refused; axe on each page.
 */
class AutomationBrowserTest {

    private static final Duration ACTED = Duration.ofSeconds(60);
    /** What the browser showed at each step, for looking at a failure. */
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void anAdminBuildsDryRunsAndSavesARuleThenSeesItsTaskAndRun() {
        String marker = unique();
        ApiClient alex = platform.as("alex");
        ApiClient ada = platform.as("ada");
        JsonNode pipeline = proposalPipeline(alex, marker);
        JsonNode deal = newDeal(ada, pipeline, marker);

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("alex", "/automation");
            browser.waitForText(By.cssSelector("h1"), "Automation");
            Accessibility.assertNoSeriousViolations(browser, "automation rules");
            browser.byText("New rule").click();
            browser.waitForText(By.cssSelector("h1"), "New rule");

            field(browser, "basics", "Name").sendKeys("Proposal follow-up " + marker);
            new Select(field(browser, "basics", "Team")).selectByValue("east");
            new Select(field(browser, "trigger", "Trigger")).selectByValue("change");
            browser.waitFor(By.xpath("//label[.//code[normalize-space(.)='pulse.deal.stage_changed.v1']]//input")).click();
            field(browser, "trigger", "Field").sendKeys("stage.name");
            field(browser, "trigger", "To").sendKeys("Proposal");

            section(browser, "conditions").findElement(By.xpath(".//button[normalize-space(.)='Add condition']")).click();
            new Select(field(browser, "conditions", "Field")).selectByValue("deal.title");
            new Select(field(browser, "conditions", "Operator")).selectByValue("contains");
            field(browser, "conditions", "Value").sendKeys(marker);

            section(browser, "actions").findElement(By.xpath(".//button[normalize-space(.)='Add']")).click();
            field(browser, "actions", "Title").sendKeys("Follow up {{deal.title}}");
            new Select(field(browser, "actions", "Task type")).selectByValue("call");
            WebElement dueIn = field(browser, "actions", "Due in");
            dueIn.sendKeys(Keys.chord(Keys.CONTROL, "a"), "in two days");

            // the service refuses the duration: its message is shown beside the field, and nothing typed is lost
            browser.byText("Create rule").click();
            browser.until(d -> "true".equals(field(browser, "actions", "Due in").getAttribute("aria-invalid")));
            WebElement message = browser.driver().findElement(By.id(field(browser, "actions", "Due in").getAttribute("aria-describedby")
                    .replaceAll(".*?(\\S+-error).*", "$1")));
            assertThat(message.getText()).contains("ISO-8601 duration");
            assertThat(field(browser, "basics", "Name").getAttribute("value")).isEqualTo("Proposal follow-up " + marker);
            assertThat(browser.currentPath()).isEqualTo("/automation/new");
            Accessibility.assertNoSeriousViolations(browser, "rule editor with a problem");
            browser.screenshot(SHOTS.resolve("automation-editor-problem.png"));
            field(browser, "actions", "Due in").sendKeys(Keys.chord(Keys.CONTROL, "a"), "P2D");

            // the dry run of the draft against the deal, picked by searching for it
            WebElement picker = field(browser, "dry-run", "Record");
            picker.sendKeys("Deal " + marker);
            browser.click(By.xpath("//*[@role='listbox']/*[@role='option'][contains(normalize-space(.), 'Deal " + marker + "')]"));
            browser.byText("Dry run").click();
            WebElement result = browser.waitFor(By.cssSelector("[data-testid='dry-run-result']"));
            browser.until(d -> result.getText().contains("Would run"));
            assertThat(result.getText()).contains("Create a task", "Follow up Deal " + marker, "Ada Lovelace", "call");
            assertThat(tasksOf(ada, deal.get("id").asString())).as("a dry run creates nothing").isEmpty();
            Accessibility.assertNoSeriousViolations(browser, "rule editor with a dry run");
            browser.screenshot(SHOTS.resolve("automation-dry-run.png"));

            browser.byText("Create rule").click();
            String ruleId = browser.until(d -> browser.currentPath().startsWith("/automation/rules/")
                    ? browser.currentPath().substring("/automation/rules/".length()) : null);
            JsonNode rule = alex.get("/api/automation/rules/" + ruleId).json();
            assertThat(rule.at("/trigger/to").asString()).isEqualTo("Proposal");
            assertThat(rule.at("/actions/0/dueIn").asString()).isEqualTo("PT48H");

            move(ada, deal, pipeline, "Proposal");
            JsonNode task = await().atMost(ACTED).until(() -> tasksOf(ada, deal.get("id").asString()).stream()
                    .filter(t -> t.get("title").asString().equals("Follow up Deal " + marker)).findFirst().orElse(null), t -> t != null);
            assertThat(task.get("assigneeId").asString()).isEqualTo("ada");
            assertThat(task.get("type").asString()).isEqualTo("call");

            WebElement runsTab = browser.waitFor(By.xpath("//*[@role='tab'][normalize-space(.)='Run log']"));
            browser.script("arguments[0].scrollIntoView({block: 'center'})", runsTab); // not under the sticky top bar
            runsTab.click();
            WebElement run = browser.until(d -> d.findElements(By.cssSelector("[data-testid='run-log'] li[data-status='completed']"))
                    .stream().findFirst().orElse(null));
            browser.until(d -> run.getText().contains("Deal " + marker)); // the record's name is read on its own
            assertThat(run.getText()).contains("Completed", "pulse.deal.stage_changed.v1");
            Accessibility.assertNoSeriousViolations(browser, "rule run log");
            browser.screenshot(SHOTS.resolve("automation-run-log.png"));

            // the list shows the rule switched on and its last run; switching it off is one click
            browser.go("/automation");
            WebElement row = browser.waitFor(By.cssSelector("tr[data-rule-id='" + ruleId + "']"));
            browser.until(d -> row.getText().contains("Completed"));
            browser.screenshot(SHOTS.resolve("automation-rules.png"));
            WebElement toggle = row.findElement(By.cssSelector("[role='switch']"));
            assertThat(toggle.getAttribute("aria-checked")).isEqualTo("true");
            toggle.click();
            browser.until(d -> "false".equals(row.findElement(By.cssSelector("[role='switch']")).getAttribute("aria-checked")));
            await().atMost(ACTED).until(() -> !alex.get("/api/automation/rules/" + ruleId).json().get("enabled").asBoolean());
        }
    }

    @Test
    void aFailedRunShowsItsErrorAndIsRetriedFromTheRecordsRunLog() {
        String marker = unique();
        ApiClient alex = platform.as("alex");
        ApiClient ada = platform.as("ada");
        JsonNode pipeline = proposalPipeline(alex, marker);
        // deals-service refuses a move to a stage its pipeline does not have: the step fails without retries
        Response created = alex.post("/api/automation/rules", """
                {"name":"Broken move %1$s","team":"east",
                 "trigger":{"type":"event","events":["pulse.deal.stage_changed.v1"],"field":"stage.name","to":"Proposal"},
                 "conditions":{"all":[{"field":"deal.title","op":"contains","value":"%1$s"}]},
                 "actions":[{"type":"move_stage","stageId":"no-such-stage-%1$s"}]}""".formatted(marker));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String ruleId = created.json().get("id").asString();
        JsonNode deal = newDeal(ada, pipeline, marker);
        move(ada, deal, pipeline, "Proposal");
        JsonNode failed = await().atMost(ACTED).until(() -> firstRun(alex, ruleId), run -> run != null && "failed".equals(run.get("status").asString()));

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("alex", "/automation/runs?recordType=deal&recordId=" + deal.get("id").asString());
            WebElement run = browser.waitFor(By.cssSelector("[data-testid='run-log'] li[data-status='failed']"));
            assertThat(run.getText()).contains("Failed", "Broken move " + marker, "Move to a stage");
            assertThat(run.getText()).contains(failed.at("/steps/0/error").asString());
            Accessibility.assertNoSeriousViolations(browser, "record run log");
            browser.screenshot(SHOTS.resolve("automation-failed-run.png"));

            run.findElement(By.xpath(".//button[normalize-space(.)='Retry']")).click();
            browser.waitFor(By.xpath("//*[@role='region']//li[contains(normalize-space(.), 'Run retried')]"));
            await().atMost(ACTED).until(() -> firstRun(alex, ruleId), again -> again.get("retries").asInt() >= 1
                    && "failed".equals(again.get("status").asString()));
        }
        alex.post("/api/automation/rules/" + ruleId + "/disable", "",
                Map.of("If-Match", alex.get("/api/automation/rules/" + ruleId).header("ETag")));
    }

    @Test
    void aRepHasNoAutomationAndTheApiRefusesThem() {
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/automation");
            browser.waitFor(By.cssSelector("[data-testid='not-allowed']"));
            assertThat(browser.driver().findElement(By.cssSelector("main")).getText()).contains("Automation is for managers and admins");
            assertThat(browser.all(By.cssSelector("nav a[href='/automation']"))).as("no entry in the navigation").isEmpty();
            Accessibility.assertNoSeriousViolations(browser, "automation refused");
        }
        assertThat(platform.as("ada").get("/api/automation/rules").status()).isEqualTo(403);
        assertThat(platform.as("ada").post("/api/automation/rules/dry-run", "{\"rule\":{},\"recordType\":\"deal\",\"recordId\":\"x\"}").status())
                .isEqualTo(403);

        try (Browser phone = Browser.phone(platform.gatewayUrl())) {
            phone.signIn("maria", "/automation/new");
            phone.waitForText(By.cssSelector("h1"), "New rule");
            phone.waitFor(By.xpath("//button[normalize-space(.)='Create rule']"));
            assertThat((Boolean) phone.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("the editor fits a phone's width").isTrue();
            phone.screenshot(SHOTS.resolve("automation-editor-phone.png"));
        }
    }

    // ---- helpers

    private static WebElement section(Browser browser, String name) {
        return browser.waitFor(By.cssSelector("section[aria-labelledby='" + name + "-title']"));
    }

    /** A form control of a section of the editor by its label (the text before the required mark). */
    private static WebElement field(Browser browser, String sectionName, String label) {
        WebElement labelElement = browser.until(d -> section(browser, sectionName).findElements(By.xpath(
                ".//label[normalize-space(text())='" + label + "' or normalize-space(.)='" + label + "' or normalize-space(.)='" + label + " *']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        return browser.driver().findElement(By.id(labelElement.getAttribute("for")));
    }

    private static JsonNode firstRun(ApiClient admin, String ruleId) {
        Response runs = admin.get("/api/automation/runs?ruleId=" + ruleId);
        if (runs.status() != 200 || runs.json().get("items").isEmpty()) {
            return null;
        }
        return runs.json().get("items").get(0);
    }

    private static String unique() {
        return "wa" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}

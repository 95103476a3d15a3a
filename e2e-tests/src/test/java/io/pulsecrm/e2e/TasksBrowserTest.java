package io.pulsecrm.e2e;

import static io.pulsecrm.e2e.TasksFixture.createTask;
import static io.pulsecrm.e2e.TasksFixture.dialog;
import static io.pulsecrm.e2e.TasksFixture.field;
import static io.pulsecrm.e2e.TasksFixture.fill;
import static io.pulsecrm.e2e.TasksFixture.inDays;
import static io.pulsecrm.e2e.TasksFixture.laterToday;
import static io.pulsecrm.e2e.TasksFixture.patchTask;
import static io.pulsecrm.e2e.TasksFixture.row;
import static io.pulsecrm.e2e.TasksFixture.task;
import static io.pulsecrm.e2e.TasksFixture.toast;
import static io.pulsecrm.e2e.TasksFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Tasks in a real Chromium against the whole platform: a rep's agenda and My day, completing a call with its required
 * outcome and a follow-up, planning a meeting with the form, a conflicting edit, a manager's team view, the calendar
 * link, Russian, a phone, and axe on each page.
 */
class TasksBrowserTest {

    private static E2ePlatform platform;
    private static ApiClient ada;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
        ada = platform.as("ada");
    }

    @Test
    void aRepCompletesACallWithItsRequiredOutcomeAndSchedulesTheFollowUp() {
        String title = unique("Call Grace about the renewal");
        String id = createTask(ada, """
                {"type":"call","title":"%s","dueAt":"%s","timeZone":"UTC","priority":"high"}""".formatted(title, laterToday()))
                .get("id").asString();

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/tasks");
            browser.waitForText(By.cssSelector("h1"), "Tasks");
            WebElement today = browser.waitFor(By.xpath("//section[.//h2[starts-with(normalize-space(.), 'Today')]]"));
            browser.until(d -> today.findElements(row(title)).size() == 1);
            Accessibility.assertNoSeriousViolations(browser, "agenda");

            browser.byText("Complete “" + title + "”").click();
            browser.waitFor(dialog());
            // a call needs its outcome: the service says so, beside the field
            browser.byText("Complete").click();
            WebElement error = browser.waitFor(By.cssSelector("[role=dialog] [role=alert]"));
            assertThat(error.getText()).contains("required");
            assertThat(field(browser, "Outcome").getAttribute("aria-invalid")).isEqualTo("true");

            field(browser, "Outcome").sendKeys("Budget approved, wants a quote");
            browser.driver().findElement(By.xpath("//*[@role='dialog']//label[contains(., 'Schedule a follow-up')]//input")).click();
            assertThat(field(browser, "Title").getAttribute("value")).isEqualTo("Follow up: " + title);
            new Select(field(browser, "Due")).selectByVisibleText("In 2 days");
            browser.byText("Complete").click();

            browser.waitFor(toast("Task completed, follow-up scheduled"));
            browser.waitUntilGone(dialog());
            // the follow-up is created by tasks-service from the completion; the agenda shows it by itself
            browser.waitFor(row("Follow up: " + title));
            assertThat(browser.all(row(title))).as("done: off the agenda").isEmpty();
        }

        JsonNode done = task(ada, id);
        assertThat(done.get("status").asString()).isEqualTo("done");
        assertThat(done.get("outcome").asString()).isEqualTo("Budget approved, wants a quote");
        JsonNode followUp = await().atMost(Duration.ofSeconds(20)).until(() -> agendaTask(ada, "Follow up: " + title), java.util.Objects::nonNull);
        assertThat(followUp.get("type").asString()).isEqualTo("call");
        assertThat(followUp.get("assigneeId").asString()).isEqualTo("ada");
    }

    @Test
    void aRepPlansAMeetingWithTheFormAndAnEditThatCrossesAManagersShowsTheConflict() {
        String title = unique("Demo for Initech");
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/tasks");
            browser.byText("New task").click();
            browser.waitFor(dialog());
            new Select(field(browser, "Type")).selectByVisibleText("Meeting");
            field(browser, "Title").sendKeys(title);
            browser.byText("Create").click();
            assertThat(browser.waitFor(By.cssSelector("[role=dialog] [role=alert]")).getText())
                    .as("instant feedback from the task types").isEqualTo("A Meeting needs a due time");

            fill(browser, field(browser, "Due"), inDays(1, 10) .substring(0, 16));
            field(browser, "Duration (minutes)").sendKeys("45");
            browser.driver().findElement(By.xpath("//*[@role='dialog']//label[contains(., '15 minutes before')]//input")).click();
            browser.byText("Create").click();
            browser.waitFor(toast("Task “" + title + "” created"));
            WebElement tomorrow = browser.waitFor(By.xpath("//section[.//h2[starts-with(normalize-space(.), 'Tomorrow')]]"));
            browser.until(d -> tomorrow.findElements(row(title)).size() == 1);

            browser.driver().findElement(row(title)).findElement(By.linkText(title)).click();
            browser.waitForText(By.cssSelector("h1"), title);
            String id = browser.currentPath().substring("/tasks/".length());
            JsonNode created = task(ada, id);
            assertThat(created.get("durationMinutes").asInt()).isEqualTo(45);
            assertThat(created.get("reminders").get(0).asString()).isEqualTo("PT15M");
            Accessibility.assertNoSeriousViolations(browser, "task page");

            browser.byText("Edit").click();
            browser.waitFor(dialog());
            field(browser, "Notes").sendKeys("Bring the pricing sheet");
            // meanwhile, her manager changes the priority
            patchTask(platform.as("maria"), id, "{\"priority\":\"urgent\"}");
            browser.byText("Save").click();
            WebElement conflict = browser.waitFor(By.xpath("//*[@role='dialog']//*[@role='alert'][contains(., 'Someone else changed')]"));
            assertThat(conflict.getText()).contains("Priority");
            assertThat(field(browser, "Notes").getAttribute("value")).as("nothing typed is lost").isEqualTo("Bring the pricing sheet");
            browser.byText("Save mine anyway").click();
            browser.waitFor(toast("Task saved"));
            browser.waitUntilGone(dialog());
            JsonNode saved = task(ada, id);
            assertThat(saved.get("description").asString()).isEqualTo("Bring the pricing sheet");
            assertThat(saved.get("priority").asString()).as("their change kept").isEqualTo("urgent");
            browser.until(d -> d.findElement(By.xpath("//section[contains(@class,'card')][.//h2[normalize-space(.)='History']]"))
                    .getText().contains("Maria Manager"));
        }
    }

    @Test
    void aManagerSeesTheTeamsWorkloadAndCopiesTheirCalendarLink() throws Exception {
        String title = unique("Overdue proposal");
        createTask(ada, """
                {"type":"todo","title":"%s","dueAt":"%s","timeZone":"UTC"}""".formatted(title, inDays(-2, 9)));
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("maria", "/tasks/team");
            browser.waitForText(By.cssSelector("h1"), "Team East");
            WebElement adaCard = browser.waitFor(By.cssSelector("section[aria-label='Ada Lovelace']"));
            assertThat(adaCard.getText()).contains("overdue");
            // members with overdue work are open from the start
            browser.until(d -> adaCard.findElements(row(title)).size() == 1);
            assertThat(browser.all(By.cssSelector("section[aria-label='Cleo Castillo']"))).as("another team").isEmpty();
            Accessibility.assertNoSeriousViolations(browser, "team view");

            browser.go("/tasks");
            browser.byText("Calendar feed").click();
            browser.byText("Get my calendar link").click();
            WebElement link = browser.waitFor(By.cssSelector("[role=dialog] input[readonly]"));
            String url = link.getAttribute("value");
            assertThat(url).startsWith(platform.gatewayUrl() + "/api/tasks/calendar-feeds/").endsWith(".ics");
            HttpResponse<String> feed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(feed.statusCode()).isEqualTo(200);
            assertThat(feed.body()).startsWith("BEGIN:VCALENDAR");

            browser.byText("Make a new link").click();
            browser.until(d -> !url.equals(d.findElement(By.cssSelector("[role=dialog] input[readonly]")).getAttribute("value")));
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("the old link stops working").isEqualTo(404);
        }
    }

    @Test
    void myDayShowsTodaysWorkToBeDoneInOneClickAndTheDealsClosingSoon() {
        String call = unique("Quick check-in");
        createTask(ada, """
                {"type":"todo","title":"%s","dueAt":"%s","timeZone":"UTC"}""".formatted(call, laterToday()));
        JsonNode pipeline = platform.as("alex").post("/api/pipelines", """
                {"name":"%s","lostReasons":["Price"],"stages":[
                  {"name":"Qualified","probability":20},{"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}"""
                .formatted(unique("My day pipeline"))).json();
        String deal = unique("Umbrella renewal");
        assertThat(ada.post("/api/deals", """
                {"title":"%s","pipelineId":"%s","amount":12500,"currency":"EUR","expectedCloseDate":"2020-01-15"}"""
                .formatted(deal, pipeline.get("id").asString())).status()).isEqualTo(201);

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada");
            browser.until(d -> d.findElement(By.cssSelector("h1")).getText().endsWith(", Ada"));
            browser.waitFor(row(call));
            WebElement deals = browser.waitFor(By.cssSelector("section[aria-labelledby='home-deals']"));
            browser.until(d -> deals.getText().contains(deal));
            assertThat(deals.getText()).contains("€12,500.00", "Qualified");
            Accessibility.assertNoSeriousViolations(browser, "My day");

            browser.byText("Complete “" + call + "”").click();
            browser.waitFor(toast("Completed “" + call + "”"));
            browser.until(d -> d.findElements(row(call)).isEmpty());
            browser.byText("Undo").click();
            browser.waitFor(row(call));
        }
        assertThat(agendaTask(ada, call)).as("reopened by Undo").isNotNull();
    }

    @Test
    void russianSpeakingRepsGetTheirAgendaInRussian() {
        String title = unique("Позвонить в «Рога и копыта»");
        createTask(ada, """
                {"type":"call","title":"%s","dueAt":"%s","timeZone":"UTC"}""".formatted(title, inDays(1, 11)));
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("ada", "/tasks");
            browser.waitForText(By.cssSelector("h1"), "Задачи");
            browser.waitFor(By.xpath("//h2[starts-with(normalize-space(.), 'Завтра')]"));
            browser.waitFor(row(title));
            assertThat(browser.byText("Новая задача").isDisplayed()).isTrue();
            browser.byText("Выполнить «" + title + "»").click();
            assertThat(browser.waitFor(dialog()).getText()).contains("Выполнение задачи", "Результат");
            Accessibility.assertNoSeriousViolations(browser, "agenda in Russian");
        }
    }

    @Test
    void onAPhoneTheAgendaFitsAndATaskIsDoneWithOneTap() {
        String title = unique("Send the contract");
        createTask(ada, """
                {"type":"todo","title":"%s","dueAt":"%s","timeZone":"UTC"}""".formatted(title, laterToday()));
        try (Browser browser = Browser.phone(platform.gatewayUrl())) {
            browser.signIn("ada", "/tasks");
            browser.waitFor(row(title));
            Number width = (Number) browser.script("return document.documentElement.scrollWidth");
            assertThat(width.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(390);
            browser.byText("Complete “" + title + "”").click();
            browser.until(d -> d.findElements(row(title)).isEmpty());
            Accessibility.assertNoSeriousViolations(browser, "agenda on a phone");
        }
    }

    /** The open task of ada's agenda with this title, or null. */
    static JsonNode agendaTask(ApiClient as, String title) {
        JsonNode agenda = as.get("/api/tasks/agenda?timeZone=UTC&days=14").json();
        for (String part : List.of("overdue", "today", "upcoming", "unscheduled")) {
            for (JsonNode task : agenda.get(part)) {
                if (title.equals(task.get("title").asString())) {
                    return task;
                }
            }
        }
        return null;
    }
}

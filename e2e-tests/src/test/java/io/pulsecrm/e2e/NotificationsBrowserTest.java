package io.pulsecrm.e2e;

import static io.pulsecrm.e2e.TasksFixture.createTask;
import static io.pulsecrm.e2e.TasksFixture.laterToday;
import static io.pulsecrm.e2e.TasksFixture.row;
import static io.pulsecrm.e2e.TasksFixture.toast;
import static io.pulsecrm.e2e.TasksFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * Notifications in a real Chromium: a task a manager gives a rep arrives while the rep looks at My day (the bell's
 * count goes up, a toast says so, the task shows up, nothing reloads), and the inbox reads, unreads, archives and opens
 * what a notification is about, on a desktop and on a phone.
 */
class NotificationsBrowserTest {

    private static E2ePlatform platform;
    private static ApiClient maria;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
        maria = platform.as("maria");
    }

    @Test
    void aTaskTheManagerGivesTheRepArrivesLiveWithACountAndAToast() {
        String title = unique("Call Initech back");
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("bob");
            browser.until(d -> d.findElement(By.cssSelector("h1")).getText().endsWith(", Bob"));
            browser.script("window.__sameDocument = true");
            browser.until(d -> "open".equals(browser.script("return document.documentElement.dataset.live")));
            int before = unread(browser);

            JsonNode task = createTask(maria, """
                    {"type":"call","title":"%s","dueAt":"%s","timeZone":"UTC","assigneeId":"bob"}"""
                    .formatted(title, laterToday()));

            browser.waitFor(toast("Task assigned to you: " + title));
            browser.until(d -> unread(browser) >= before + 1);
            browser.waitFor(row(title));
            assertThat(browser.script("return window.__sameDocument === true")).as("no reload").isEqualTo(true);

            browser.driver().findElement(toast(title)).findElement(By.xpath(".//button[normalize-space(.)='Open']")).click();
            browser.waitForText(By.cssSelector("h1"), title);
            assertThat(browser.currentPath()).isEqualTo("/tasks/" + task.get("id").asString());
        }
    }

    @Test
    void theInboxReadsUnreadsArchivesAndOpensWhatANotificationIsAbout() {
        String title = unique("Prepare the QBR deck");
        JsonNode task = assignToAda(title);
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/notifications");
            browser.waitForText(By.cssSelector("h1"), "Notifications");
            WebElement item = browser.waitFor(item(title));
            browser.until(d -> item.getText().contains("by Maria Manager"));
            Accessibility.assertNoSeriousViolations(browser, "inbox");

            browser.byText("Mark “Task assigned to you: " + title + "” as read").click();
            browser.until(d -> d.findElements(item(title)).isEmpty());
            browser.byText("All").click();
            browser.waitFor(item(title));
            browser.byText("Mark “Task assigned to you: " + title + "” as unread").click();
            browser.waitFor(By.xpath("//li[.//a[contains(., " + TasksFixture.literal(title) + ")]]//button[normalize-space(.)='Read']"));
            browser.byText("Archive “Task assigned to you: " + title + "”").click();
            browser.until(d -> d.findElements(item(title)).isEmpty());
            browser.byText("Archived").click();
            browser.waitFor(item(title)).findElement(By.tagName("a")).click();

            browser.waitForText(By.cssSelector("h1"), title);
            assertThat(browser.currentPath()).isEqualTo("/tasks/" + task.get("id").asString());
        }
        JsonNode notification = adaNotification(title);
        assertThat(notification.get("archived").asBoolean()).isTrue();
        assertThat(notification.get("read").asBoolean()).as("opening it read it").isTrue();
    }

    @Test
    void onAPhoneTheInboxFitsAndEverythingCanBeMarkedRead() {
        String title = unique("Sign the NDA");
        assignToAda(title);
        try (Browser browser = Browser.phone(platform.gatewayUrl())) {
            browser.signIn("ada", "/notifications");
            browser.waitFor(item(title));
            Number width = (Number) browser.script("return document.documentElement.scrollWidth");
            assertThat(width.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(390);
            browser.byText("Mark all as read").click();
            browser.until(d -> d.findElements(item(title)).isEmpty());
            browser.waitFor(By.xpath("//*[normalize-space(.)='You are all caught up']"));
            Accessibility.assertNoSeriousViolations(browser, "inbox on a phone");
        }
        assertThat(adaNotification(title).get("read").asBoolean()).isTrue();
    }

    private static JsonNode assignToAda(String title) {
        JsonNode task = createTask(maria, """
                {"type":"todo","title":"%s","assigneeId":"ada"}""".formatted(title));
        await().atMost(Duration.ofSeconds(20)).until(() -> adaNotification(title), java.util.Objects::nonNull);
        return task;
    }

    private static JsonNode adaNotification(String title) {
        for (JsonNode item : platform.as("ada").get("/api/notifications?state=all&archived=true&limit=200").json().get("items")) {
            if (item.get("title").asString().endsWith(title)) {
                return item;
            }
        }
        for (JsonNode item : platform.as("ada").get("/api/notifications?state=all&limit=200").json().get("items")) {
            if (item.get("title").asString().endsWith(title)) {
                return item;
            }
        }
        return null;
    }

    private static By item(String title) {
        return By.xpath("//main//li[.//*[contains(normalize-space(.), " + TasksFixture.literal("Task assigned to you: " + title) + ")]]");
    }

    /** The unread count the bell tells assistive technology ("Notifications, 3 unread"); 0 when none. */
    private static int unread(Browser browser) {
        WebElement bell = browser.waitFor(By.cssSelector("header a[href='/notifications']"));
        return Integer.parseInt(String.valueOf(bell.getAttribute("data-unread")));
    }
}

package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * What the tasks, notifications and live-update browser tests set up through the API and look for on the page. The
 * browsers run in UTC (the test JVM's default zone is irrelevant: Chromium's is the machine's), so times are chosen
 * well inside the day.
 */
final class TasksFixture {

    private TasksFixture() {
    }

    /** A name no other test uses. */
    static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A local date-time today (UTC) that is still ahead for a while, for tasks "due today". */
    static String laterToday() {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        LocalDateTime at = now.plusMinutes(30).isBefore(now.toLocalDate().atTime(23, 59)) ? now.plusMinutes(30) : now.plusMinutes(1);
        return at.withSecond(0).withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16);
    }

    static String inDays(int days, int hour) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(days).atTime(hour, 0).toString();
    }

    static JsonNode createTask(ApiClient as, String json) {
        Response created = as.post("/api/tasks", json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    static JsonNode task(ApiClient as, String id) {
        Response task = as.get("/api/tasks/" + id);
        assertThat(task.status()).as(task.toString()).isEqualTo(200);
        return task.json();
    }

    static JsonNode patchTask(ApiClient as, String id, String json) {
        long version = task(as, id).get("version").asLong();
        Response patched = as.patch("/api/tasks/" + id, json, Map.of("If-Match", "\"" + version + "\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        return patched.json();
    }

    /** The list item of a task with this title. */
    static By row(String title) {
        return By.xpath("//li[.//a[normalize-space(.)=" + literal(title) + "]]");
    }

    static By dialog() {
        return By.cssSelector("[role=dialog]");
    }

    /** A toast whose text contains this (in the toasts' region: Radix announces them separately too). */
    static By toast(String text) {
        return By.xpath("//*[@role='region']//li[contains(normalize-space(.), " + literal(text) + ")]");
    }

    /**
     * Types into a date-time or other input as a person's input would end up: Chromium's date-time fields take keys
     * per segment in the browser's locale, so the value is set and an input event sent, which React reads the same way.
     */
    static void fill(Browser browser, WebElement input, String value) {
        browser.script("""
                const input = arguments[0];
                const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value').set;
                setter.call(input, arguments[1]);
                input.dispatchEvent(new Event('input', { bubbles: true }));
                input.dispatchEvent(new Event('change', { bubbles: true }));""", input, value);
    }

    /** A field of the open dialog by its label (the label text without the required mark). */
    static WebElement field(Browser browser, String label) {
        WebElement labelElement = browser.waitFor(By.xpath("//*[@role='dialog']//label[starts-with(normalize-space(.), "
                + literal(label) + ")]"));
        return browser.driver().findElement(By.id(labelElement.getAttribute("for")));
    }

    static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "',\"'\",'") + "')";
    }
}

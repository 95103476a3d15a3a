package io.pulsecrm.e2e;

import static io.pulsecrm.e2e.TasksFixture.createTask;
import static io.pulsecrm.e2e.TasksFixture.inDays;
import static io.pulsecrm.e2e.TasksFixture.patchTask;
import static io.pulsecrm.e2e.TasksFixture.row;
import static io.pulsecrm.e2e.TasksFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Live updates in a real Chromium: a page someone else changes (through the API, as another user) refreshes by itself
 * within a second or two, without a reload, and a burst of changes costs a couple of refetches, not one per change.
 */
class LiveUpdatesBrowserTest {

    private static E2ePlatform platform;
    private static ApiClient ada;
    private static ApiClient maria;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
        ada = platform.as("ada");
        maria = platform.as("maria");
    }

    @Test
    void aTaskPageAManagerChangesRefreshesByItself() {
        String title = unique("Renewal call");
        String id = createTask(ada, """
                {"type":"call","title":"%s","dueAt":"%s","timeZone":"UTC"}""".formatted(title, inDays(3, 15)))
                .get("id").asString();
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/tasks/" + id);
            browser.waitForText(By.cssSelector("h1"), title);
            live(browser);

            patchTask(maria, id, "{\"title\":\"" + title + " (moved up)\",\"priority\":\"urgent\"}");

            browser.waitForText(By.cssSelector("h1"), title + " (moved up)");
            browser.until(d -> d.findElement(By.cssSelector("main")).getText().contains("Urgent"));
            assertThat(browser.script("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
        }
    }

    @Test
    void aBurstOfChangesToTheAgendaIsOneOrTwoRefetchesNotOnePerChange() {
        String prefix = unique("Burst");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(createTask(ada, """
                    {"type":"todo","title":"%s #%d","dueAt":"%s","timeZone":"UTC"}""".formatted(prefix, i, inDays(2, 9)))
                    .get("id").asString());
        }
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/tasks");
            browser.waitFor(row(prefix + " #7"));
            live(browser);
            browser.script("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(10000)");

            // her manager renames all eight at once
            CompletableFuture.allOf(ids.stream().map(id -> CompletableFuture.runAsync(() ->
                    patchTask(maria, id, "{\"title\":\"" + titleOf(prefix, ids.indexOf(id)) + " (checked)\"}")))
                    .toArray(CompletableFuture[]::new)).join();

            for (int i = 0; i < 8; i++) {
                browser.waitFor(row(titleOf(prefix, i) + " (checked)"));
            }
            long agendaFetches = ((Number) browser.script("""
                    return performance.getEntriesByType('resource')
                      .filter(entry => entry.name.includes('/api/tasks/agenda')).length""")).longValue();
            assertThat(agendaFetches).as("refetches of the agenda for eight changes").isBetween(1L, 3L);
            assertThat(browser.script("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
        }
    }

    private static String titleOf(String prefix, int index) {
        return prefix + " #" + index;
    }

    /** Marks the document (a reload would lose the mark) and waits until the live stream is open. */
    private static void live(Browser browser) {
        browser.script("window.__sameDocument = true");
        browser.until(d -> "open".equals(browser.script("return document.documentElement.dataset.live")));
    }
}

package io.pulsecrm.e2e;

import static io.pulsecrm.e2e.ContactsBrowserTest.create;
import static io.pulsecrm.e2e.ContactsBrowserTest.createContact;
import static io.pulsecrm.e2e.ContactsBrowserTest.marker;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The Ctrl/Cmd+K palette across contacts, companies and deals: as you type, keyboard only, opening the record; and
 * only what the person may see.
 */
class GlobalSearchBrowserTest {

    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void ctrlKFindsContactsCompaniesAndDealsByPartOfANameAndEnterOpensOne() {
        String m = marker();
        String company = create(platform.as("ada"), "/api/companies", "{\"name\":\"Orbit" + m + " Labs\"}");
        String contact = createContact("ada", "{\"firstName\":\"Orla\",\"lastName\":\"Orbit" + m + "\",\"companyId\":\"" + company + "\"}");
        String deal = create(platform.as("ada"), "/api/deals", "{\"title\":\"Orbit" + m + " rollout\",\"pipelineId\":\"" + pipeline() + "\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/");
            browser.driver().findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.CONTROL, "k"));
            WebElement input = browser.waitFor(By.cssSelector("[cmdk-input]"));
            assertThat(browser.driver().switchTo().activeElement()).as("typing goes to the palette").isEqualTo(input);
            input.sendKeys("ORBIT" + m);

            browser.waitFor(By.xpath("//*[@cmdk-item][contains(., 'Orla Orbit" + m + "')]"));
            browser.waitFor(By.xpath("//*[@cmdk-item][contains(., 'Orbit" + m + " Labs')]"));
            browser.waitFor(By.xpath("//*[@cmdk-item][contains(., 'Orbit" + m + " rollout')]"));
            List<String> groups = browser.all(By.cssSelector("[cmdk-group-heading]")).stream()
                    .map(heading -> heading.getAttribute("textContent")).toList();
            assertThat(groups).containsExactly("Contacts", "Companies", "Deals");
            Accessibility.assertNoSeriousViolations(browser, "search palette");

            input.sendKeys(Keys.ENTER);
            browser.until(d -> d.getCurrentUrl().endsWith("/contacts/" + contact));
            browser.waitForText(By.cssSelector("h1"), "Orla Orbit" + m);
            browser.waitUntilGone(By.cssSelector("[cmdk-input]"));

            // `/` opens it too; arrows move to the company
            browser.driver().findElement(By.tagName("body")).sendKeys("/");
            input = browser.waitFor(By.cssSelector("[cmdk-input]"));
            input.sendKeys("orbit" + m.substring(0, 5));
            browser.waitFor(By.xpath("//*[@cmdk-item][contains(., 'Orbit" + m + " Labs')]"));
            input.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
            browser.until(d -> d.getCurrentUrl().endsWith("/companies/" + company));
            browser.waitForText(By.cssSelector("h1"), "Orbit" + m + " Labs");

            // the top bar's button, and a deal opens the deal's page
            browser.waitFor(By.cssSelector("header button[aria-keyshortcuts]")).click();
            input = browser.waitFor(By.cssSelector("[cmdk-input]"));
            input.sendKeys("rollout");
            browser.replaceText(input, "orbit" + m + " roll");
            browser.click(By.xpath("//*[@cmdk-item][contains(., 'Orbit" + m + " rollout')]"));
            browser.until(d -> d.getCurrentUrl().endsWith("/deals/" + deal));
        }
    }

    @Test
    void thePaletteOnlyFindsWhatThePersonMaySee() {
        String m = marker();
        createContact("bob", "{\"firstName\":\"Bobs\",\"lastName\":\"Private" + m + "\"}");
        create(platform.as("bob"), "/api/deals", "{\"title\":\"Private" + m + " deal\",\"pipelineId\":\"" + pipeline() + "\"}");
        createContact("ada", "{\"firstName\":\"Adas\",\"lastName\":\"Private" + m + "\"}");

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/");
            browser.driver().findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.CONTROL, "k"));
            WebElement input = browser.waitFor(By.cssSelector("[cmdk-input]"));
            input.sendKeys("private" + m);
            browser.waitFor(By.xpath("//*[@cmdk-item][contains(., 'Adas Private" + m + "')]"));
            browser.waitUntilGone(By.cssSelector("[role=status]"));
            String results = browser.waitFor(By.cssSelector("[cmdk-list]")).getText();
            assertThat(results).doesNotContain("Bobs Private" + m, "Private" + m + " deal");
        }
    }

    private static String pipeline;

    /** One pipeline for this class's deals (created by an admin: pipelines are configuration). */
    private static synchronized String pipeline() {
        if (pipeline == null) {
            pipeline = create(platform.as("alex"), "/api/pipelines", """
                    {"name":"Search %s","lostReasons":["Price"],"stages":[{"name":"New","probability":10},
                     {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(marker()));
        }
        return pipeline;
    }
}

package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/** Companies created from the list's dialog in a real Chromium: the service's answer to a bad value beside its field. */
class CompaniesBrowserTest {

    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void aNewCompanyGetsItsPhoneAndAPhoneThatIsNoNumberIsExplainedBesideTheFieldWithNothingTypedLost() {
        String m = UUID.randomUUID().toString().substring(0, 8);
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada", "/companies");
            browser.click(By.xpath("(//button[normalize-space()='New company'])[1]"));
            WebElement dialog = browser.waitFor(By.cssSelector("[role=dialog]"));
            dialog.findElement(By.name("name")).sendKeys("Phoned " + m);
            WebElement phone = dialog.findElement(By.name("phone"));
            phone.sendKeys("call the front desk");
            browser.click(By.cssSelector("button[form='create-company']"));

            WebElement error = browser.waitFor(By.xpath("//input[@name='phone']/following-sibling::*[@role='alert']"));
            assertThat(error.getText()).contains("phone number");
            assertThat(dialog.findElement(By.name("name")).getDomProperty("value")).isEqualTo("Phoned " + m);
            Accessibility.assertNoSeriousViolations(browser, "new company dialog with a refused phone");

            browser.replaceText(phone, "+1 617 555 0100");
            browser.click(By.cssSelector("button[form='create-company']"));
            browser.until(d -> browser.currentPath().matches("/companies/[^/?]+"));
            browser.waitForText(By.cssSelector("h1"), "Phoned " + m);
            browser.waitFor(By.cssSelector("[data-field='phone'] a[href='tel:+16175550100']"));
            String id = browser.currentPath().substring("/companies/".length());
            JsonNode company = platform.as("ada").get("/api/companies/" + id).json();
            assertThat(company.get("phone").asString()).isEqualTo("+16175550100");
            assertThat(company.get("ownerId").asString()).isEqualTo("ada");
        }
    }
}

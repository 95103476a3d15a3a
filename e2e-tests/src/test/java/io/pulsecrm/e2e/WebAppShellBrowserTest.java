package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The web app's frame in a real Chromium against the whole platform: signing in through the issuer's login form,
 * staying signed in, coming back to the page a link pointed at, what each role sees, both languages, a phone, and the
 * headers that keep the app safe and fast.
 */
class WebAppShellBrowserTest {

    private static E2ePlatform platform;

    @BeforeAll
    static void platform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void aRepSignsInThroughTheIssuerStaysSignedInAndSignsOut() {
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("ada");

            // My day greets the person (features/home)
            browser.until(d -> d.findElement(By.cssSelector("h1")).getText().endsWith(", Ada"));
            assertThat(browser.waitFor(By.cssSelector("nav a[aria-current='page']")).getText()).isEqualTo("My day");
            assertThat(browser.waitFor(By.cssSelector("header button[aria-haspopup='menu']")).getText()).contains("Ada Lovelace");
            assertThat(browser.all(By.linkText("Team"))).as("a rep has no team view").isEmpty();

            browser.driver().navigate().refresh();
            browser.waitFor(By.cssSelector("main#main"));
            assertThat(browser.currentPath()).isEqualTo("/");
            assertThat(browser.all(By.name("password"))).as("a reload keeps the session").isEmpty();

            browser.openAccountMenu();
            browser.byText("Sign out").click();
            browser.waitFor(By.name("username"));
            browser.go("/contacts");
            browser.waitFor(By.name("username"));
        }
    }

    @Test
    void aLinkOpenedBeforeSigningInLeadsThereAfterwards() {
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("maria", "/contacts?q=zz-nobody");

            browser.waitForText(By.cssSelector("h1"), "Contacts");
            assertThat(browser.currentPath()).isEqualTo("/contacts?q=zz-nobody");
            assertThat(browser.waitFor(By.cssSelector("input[type=search]")).getAttribute("value")).isEqualTo("zz-nobody");
            assertThat(browser.waitFor(By.linkText("Team")).isDisplayed()).as("managers see their team").isTrue();
            Accessibility.assertNoSeriousViolations(browser, "contacts list");
        }
    }

    @Test
    void russianSpeakingPeopleGetTheAppInRussian() {
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("ada", "/contacts");

            browser.waitForText(By.cssSelector("h1"), "Контакты");
            assertThat(browser.waitFor(By.cssSelector("nav")).getText()).contains("Сделки", "Задачи", "Мой день");
            assertThat(browser.script("return document.documentElement.lang")).isEqualTo("ru");
            Accessibility.assertNoSeriousViolations(browser, "contacts list in Russian");

            browser.openAccountMenu();
            browser.byText("English").click();
            browser.waitForText(By.cssSelector("h1"), "Contacts");
        }
    }

    @Test
    void onAPhoneTheNavigationFoldsIntoAMenu() {
        try (Browser browser = Browser.phone(platform.gatewayUrl())) {
            browser.signIn("ada");

            assertThat(browser.all(By.linkText("Contacts")).stream().noneMatch(link -> link.isDisplayed()))
                    .as("navigation hidden behind the menu").isTrue();
            browser.byText("Open menu").click();
            browser.until(d -> d.findElement(By.linkText("Contacts")).isDisplayed());
            browser.driver().findElement(By.linkText("Contacts")).click();
            browser.waitForText(By.cssSelector("h1"), "Contacts");
            Number width = (Number) browser.script("return document.documentElement.scrollWidth");
            assertThat(width.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(390);
        }
    }

    @Test
    void theAppIsServedWithAStrictPolicyAndCacheableAssets() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/deals/some-deal"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).as("any page of the app, without a token").isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'", "frame-ancestors 'none'", "object-src 'none'");
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).isEqualTo("no-cache");
        String script = page.body().replaceAll("(?s).*<script type=\"module\" crossorigin src=\"([^\"]+)\".*", "$1");
        assertThat(script).startsWith("/assets/");

        HttpResponse<Void> asset = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + script)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000", "immutable");

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/assets/nope.js"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).as("a missing asset is not the app").isEqualTo(404);

        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/api/contacts"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).as("the API never falls back to the app").isEqualTo(401);
    }

    @Test
    void theGatewayServesOneSwaggerUiForEveryService() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String service : new String[] {"contacts", "deals", "tasks", "automation", "notification"}) {
            HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + "/v3/api-docs/" + service))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(doc.statusCode()).as(service).isEqualTo(200);
            assertThat(doc.body()).contains("\"openapi\"").contains("Pulse CRM " + service + "-service API");
        }
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.go("/swagger-ui/");
            browser.waitFor(By.cssSelector(".swagger-ui .info .title"));
            assertThat(browser.waitFor(By.cssSelector(".swagger-ui .info .title")).getText()).contains("Pulse CRM contacts-service API");
        }
    }
}

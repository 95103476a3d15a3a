package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

/**
 * The Files panel in a real Chromium against the whole platform (issue #18): a PDF uploaded on a deal, a file with a
 * Cyrillic name on a contact downloaded byte for byte and deleted after confirming, the service's refusal of a
 * program shown in words, the panel in Russian with a mislabelled file, and axe on both pages.
 */
class FileAttachmentsBrowserTest {

    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static E2ePlatform platform;
    private static Path files;

    @BeforeAll
    static void platform() throws IOException {
        platform = E2ePlatform.shared();
        files = Files.createTempDirectory("pulse-files-e2e");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var paths = Files.walk(files)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aPdfOnADealAndACyrillicFileOnAContactAreUploadedDownloadedAndDeleted() throws IOException {
        String m = marker();
        String dealId = deal("ada", "Files deal " + m);
        String contactId = contact("ada", "Filer" + m);
        Path quote = write("Quote " + m + ".pdf", PDF);
        Path contract = write("Договор №1 " + m + ".pdf", PDF);
        Path program = write("setup-" + m + ".exe", program());
        Path downloads = Files.createDirectories(files.resolve("downloads-" + m));

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            browser.signIn("ada", "/deals/" + dealId);
            browser.waitForText(By.cssSelector("section h2"), "Files");
            browser.waitFor(By.xpath("//section[.//h2[starts-with(., 'Files')]]//p[text()='No files yet']"));
            browser.driver().findElement(By.cssSelector("[data-testid=file-input]")).sendKeys(quote.toString());
            browser.waitFor(By.xpath("//button[text()='Quote " + m + ".pdf']"));
            JsonNode dealFiles = platform.as("ada").get("/api/deals/" + dealId + "/files").json().get("items");
            assertThat(dealFiles).hasSize(1);
            assertThat(dealFiles.get(0).get("contentType").asString()).isEqualTo("application/pdf");
            Accessibility.assertNoSeriousViolations(browser, "deal page with a file");

            browser.go("/contacts/" + contactId);
            browser.waitForText(By.cssSelector("section h2"), "Files");
            browser.driver().findElement(By.cssSelector("[data-testid=file-input]")).sendKeys(contract.toString());
            String name = "Договор №1 " + m + ".pdf";
            browser.waitFor(By.xpath("//button[text()='" + name + "']")).click();
            Path saved = downloads.resolve(name);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(saved) && Files.size(saved) == PDF.length);
            assertThat(Files.readAllBytes(saved)).isEqualTo(PDF);

            // a program is refused by the service, and the panel says so beside the file
            browser.driver().findElement(By.cssSelector("[data-testid=file-input]")).sendKeys(program.toString());
            assertThat(alertContaining(browser, "was not uploaded")).contains("setup-" + m + ".exe",
                    "programs and scripts cannot be attached");
            Accessibility.assertNoSeriousViolations(browser, "contact page with a refused upload");

            browser.waitFor(By.cssSelector("button[aria-label='Delete " + name + "']")).click();
            browser.waitFor(By.xpath("//*[@role='dialog']//*[text()='Delete this file?']"));
            browser.byText("Delete file").click();
            browser.waitUntilGone(By.xpath("//button[text()='" + name + "']"));
            assertThat(platform.as("ada").get("/api/contacts/" + contactId + "/files").json().get("items")).isEmpty();
        }
    }

    @Test
    void inRussianTheRefusalOfAMislabelledFileNamesBothTypes() throws IOException {
        String m = marker();
        String contactId = contact("bob", "Файлов" + m);
        Path fake = write("photo-" + m + ".png", PDF);
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("bob", "/contacts/" + contactId);
            browser.waitForText(By.cssSelector("section h2"), "Файлы");
            browser.waitFor(By.xpath("//p[text()='Файлов пока нет']"));
            browser.driver().findElement(By.cssSelector("[data-testid=file-input]")).sendKeys(fake.toString());
            String refusal = alertContaining(browser, "не загружен");
            assertThat(refusal).contains("photo-" + m + ".png", "application/pdf", "image/png");
            assertThat(browser.byText("Загрузить файл").isDisplayed()).isTrue();
            Accessibility.assertNoSeriousViolations(browser, "contact files in Russian");
        }
        assertThat(platform.as("bob").get("/api/contacts/" + contactId + "/files").json().get("items")).isEmpty();
    }

    private static String alertContaining(Browser browser, String text) {
        return browser.until(d -> d.findElements(By.cssSelector("[role=alert]")).stream()
                .map(element -> element.getText()).filter(shown -> shown.contains(text)).findFirst().orElse(null));
    }

    private static String deal(String user, String title) {
        Response pipeline = platform.as("alex").post("/api/pipelines", """
                {"name":"Files %s","stages":[{"name":"Lead","probability":10},{"name":"Won","kind":"won"},
                 {"name":"Lost","kind":"lost"}]}""".formatted(UUID.randomUUID()));
        assertThat(pipeline.status()).as(pipeline.toString()).isEqualTo(201);
        Response created = platform.as(user).post("/api/deals", "{\"title\":\"%s\",\"pipelineId\":\"%s\"}"
                .formatted(title, pipeline.json().get("id").asString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static String contact(String user, String lastName) {
        Response created = platform.as(user).post("/api/contacts", "{\"firstName\":\"Fay\",\"lastName\":\"" + lastName + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** The start of a Windows program: "MZ" and a PE header. */
    private static byte[] program() {
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        return exe;
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(name), content);
    }

    private static String marker() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}

package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.e2e.browser.Accessibility;
import io.pulsecrm.e2e.browser.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The import wizard in a real Chromium against the whole platform (issue #16): a CSV with a bad row is checked (the
 * dry run's per-row report), imported with visible progress that a reload does not lose, and its failed row is
 * downloaded with the reason; the service's refusal of a file is shown beside the file control; the wizard in
 * Russian, on a phone, and under axe; a file of companies chosen as such, checked and imported in Russian, its report
 * linking to the companies created; a file of calls and notes onto a contact's timeline with their dates and authors. Files and names are unique per test (the platform is shared).
 */
class ImportWizardBrowserTest {

    private static final int GOOD_ROWS = 1500;
    /** What the screens looked like, to look at after a run (not part of the docs). */
    private static final Path SCREENS = Path.of("target", "screenshots");

    private static E2ePlatform platform;
    private static Path files;

    @BeforeAll
    static void platform() throws IOException {
        platform = E2ePlatform.shared();
        files = Files.createTempDirectory("pulse-import-e2e");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (var paths = Files.walk(files)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void aCsvWithABadRowIsCheckedImportedWithProgressThroughAReloadAndItsFailedRowDownloaded() throws IOException {
        String m = marker();
        StringBuilder csv = new StringBuilder("First Name,Last Name,Email\r\n");
        csv.append("Ann,Imp").append(m).append(",ann-").append(m).append("@e2e.example\r\n");
        csv.append("Bad,Imp").append(m).append(",not-an-email\r\n"); // row 3
        for (int i = 0; i < GOOD_ROWS; i++) {
            csv.append("Row").append(i).append(",Imp").append(m).append(",row").append(i).append('-').append(m).append("@e2e.example\r\n");
        }
        Path file = write("people-" + m + ".csv", csv.toString());
        Path downloads = Files.createDirectories(files.resolve("downloads-" + m));

        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            browser.signIn("cleo", "/imports");
            browser.waitForText(By.cssSelector("h1"), "Import contacts");
            browser.waitFor(By.linkText("Imports"));
            Accessibility.assertNoSeriousViolations(browser, "import wizard: file");
            browser.driver().findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());

            browser.until(d -> browser.currentPath().matches("/imports/[^/?]+"));
            String jobPath = browser.currentPath();
            String id = jobPath.substring("/imports/".length());
            browser.waitForText(By.cssSelector("h1"), "Import of people-" + m + ".csv");
            // the mapping starts from what the service would map by the column names
            assertThat(new Select(mappingFor(browser, "First Name")).getFirstSelectedOption().getAttribute("value")).isEqualTo("firstName");
            assertThat(new Select(mappingFor(browser, "Email")).getFirstSelectedOption().getAttribute("value")).isEqualTo("email");
            // the first values of each column, from the file in the tab when the service sends no preview of its own
            browser.waitForText(By.xpath("//tr[th[normalize-space(.)='First Name']]/td[1]"), "Ann, Bad, Row0");
            Accessibility.assertNoSeriousViolations(browser, "import wizard: mapping");
            browser.screenshot(SCREENS.resolve("import-mapping.png"));

            browser.byText("Check (dry run)").click();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !browser.all(By.cssSelector("[data-testid=import-row-report]")).isEmpty());
            WebElement report = browser.waitFor(By.cssSelector("[data-testid=import-row-report]"));
            assertThat(report.getText()).contains("3", "Email");
            assertThat(figure(browser, "failed")).isEqualTo("1");
            assertThat(figure(browser, "wouldCreate")).isEqualTo(String.valueOf(GOOD_ROWS + 1));
            assertThat(platform.as("cleo").get("/api/contacts?q=imp" + m).json().get("items").size()).as("a dry run creates nothing").isZero();
            Accessibility.assertNoSeriousViolations(browser, "import wizard: dry-run report");
            browser.screenshot(SCREENS.resolve("import-dry-run.png"));

            // the check's file: the failed row with its reason and, the file being at hand, its own cells
            browser.byText("Download 1 row with problems").click();
            List<String> checked = downloaded(downloads, "people-" + m + "-check.csv");
            assertThat(checked.get(0)).isEqualTo("\uFEFFRow,Column,Field,Reason,First Name,Last Name,Email");
            assertThat(checked.get(1)).startsWith("3,Email,email,").endsWith(",Bad,Imp" + m + ",not-an-email");

            browser.byText("Import").click();
            WebElement progress = browser.waitFor(By.cssSelector("[role=progressbar]"));
            assertThat(progress.getAttribute("aria-valuetext")).contains("rows done");
            browser.screenshot(SCREENS.resolve("import-progress.png"));
            browser.waitFor(By.xpath("//button[normalize-space(.)='Cancel import']"));

            // a reload while it runs (or just after) shows the same job: its id is in the address
            browser.driver().navigate().refresh();
            browser.waitForText(By.cssSelector("h1"), "Import of people-" + m + ".csv");
            assertThat(browser.currentPath()).isEqualTo(jobPath);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> browser.all(By.cssSelector("[role=progressbar]")).isEmpty()
                            && !browser.all(By.xpath("//h2[normalize-space(.)='Import report']")).isEmpty());
            JsonNode job = platform.as("cleo").get("/api/imports/" + id).json();
            assertThat(job.get("status").asString()).isEqualTo("completed");
            assertThat(figure(browser, "created")).isEqualTo(String.valueOf(job.get("created").asLong()));
            assertThat(job.get("created").asLong()).isEqualTo(GOOD_ROWS + 1);
            assertThat(figure(browser, "failed")).isEqualTo("1");

            // after the reload the file is no longer in the tab: the failed rows still come with their reasons
            browser.byText("Download 1 row with problems").click();
            List<String> failed = downloaded(downloads, "people-" + m + "-failed-rows.csv");
            assertThat(failed.get(0)).isEqualTo("\uFEFFRow,Column,Field,Reason");
            assertThat(failed).hasSize(2);
            assertThat(failed.get(1)).startsWith("3,Email,email,").contains(job.at("/rowErrors/0/message").asString());
            Accessibility.assertNoSeriousViolations(browser, "import wizard: report");
            browser.screenshot(SCREENS.resolve("import-report.png"));

            // and the history lists it
            browser.go("/imports");
            browser.waitFor(By.linkText("people-" + m + ".csv")).click();
            browser.until(d -> browser.currentPath().equals(jobPath));
        }
        assertThat(platform.as("cleo").get("/api/contacts?q=ann-" + m).json().get("items").size()).isEqualTo(1);
    }

    @Test
    void aFileTheServiceRefusesIsExplainedBesideTheFileControl() throws IOException {
        String m = marker();
        Path file = write("twice-" + m + ".csv", "Name,Name\nA,B\n");
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("cleo", "/imports");
            WebElement input = browser.waitFor(By.cssSelector("input[type=file]"));
            input.sendKeys(file.toString());
            WebElement error = browser.waitFor(By.cssSelector("[data-testid=import-drop] [role=alert]"));
            assertThat(error.getText()).isNotBlank();
            assertThat(input.getAttribute("aria-describedby")).contains(error.getAttribute("id"));
            assertThat(browser.currentPath()).isEqualTo("/imports");
        }
    }

    @Test
    void theWizardSpeaksRussian() throws IOException {
        String m = marker();
        Path file = write("ru-" + m + ".csv", "firstName,email\nКира,kira-" + m + "@e2e.example\n");
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("cleo", "/imports");
            browser.waitForText(By.cssSelector("h1"), "Импорт контактов");
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Перетащите файл сюда", "Ваши импорты");
            browser.driver().findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());
            browser.waitForText(By.cssSelector("h2"), "Сопоставьте столбцы с полями");
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Проверить (пробный запуск)", "Импортировать", "Пропустить", "Имя *");
            Accessibility.assertNoSeriousViolations(browser, "import wizard in Russian");
            browser.byText("Проверить (пробный запуск)").click();
            browser.waitForText(By.cssSelector("h2"), "Отчёт о проверке");
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Ошибок не найдено.");
            assertThat(browser.waitFor(By.cssSelector("[data-figure=wouldCreate] dt")).getAttribute("textContent")).isEqualTo("Будет создано");
        }
    }

    @Test
    void aFileOfCompaniesIsCheckedAndImportedInRussianAndTheReportLinksToTheCompanies() throws IOException {
        String m = marker();
        // as Russian Excel saves it: Windows-1251, semicolons, CRLF; the second row is the first one's name again
        Path file = files.resolve("kompanii-" + m + ".csv");
        Files.write(file, ("Название компании;Сайт;Телефон;Сфера деятельности;Количество сотрудников;Город;Страна\r\n"
                + "Лютик " + m + ";https://www.Lutik-" + m + ".ru/;8 (4822) 12-34-56;Цветы;120;Тверь;Россия\r\n"
                + "ЛЮТИК " + m + ";;;;;;\r\n").getBytes(java.nio.charset.Charset.forName("windows-1251")));
        try (Browser browser = Browser.open(platform.gatewayUrl(), "ru-RU")) {
            browser.signIn("cleo", "/imports");
            browser.waitForText(By.cssSelector("h1"), "Импорт контактов");
            browser.waitFor(By.cssSelector("[data-testid=import-record-type-companies]")).click();
            browser.waitForText(By.cssSelector("h1"), "Импорт компаний");
            browser.driver().findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());

            browser.waitForText(By.cssSelector("h2"), "Сопоставьте столбцы с полями");
            assertThat(new Select(mappingFor(browser, "Название компании")).getFirstSelectedOption().getAttribute("value")).isEqualTo("name");
            assertThat(new Select(mappingFor(browser, "Сайт")).getFirstSelectedOption().getAttribute("value")).isEqualTo("domain");
            assertThat(new Select(mappingFor(browser, "Количество сотрудников")).getFirstSelectedOption().getAttribute("value")).isEqualTo("size");
            assertThat(new Select(mappingFor(browser, "Телефон")).getFirstSelectedOption().getAttribute("value")).isEqualTo("phone");
            assertThat(browser.waitFor(By.cssSelector("main")).getText()).contains("Название обязательно", "Название *");
            assertThat(new Select(mappingFor(browser, "Город")).getOptions()).extracting(WebElement::getText)
                    .contains("Сайт (домен)", "Отрасль").doesNotContain("Имя *", "Эл. почта");
            Accessibility.assertNoSeriousViolations(browser, "import wizard: companies mapping in Russian");

            browser.byText("Проверить (пробный запуск)").click();
            browser.waitForText(By.cssSelector("h2"), "Отчёт о проверке");
            assertThat(figure(browser, "wouldCreate")).isEqualTo("1");
            assertThat(figure(browser, "duplicates")).isEqualTo("1");
            assertThat(browser.waitFor(By.cssSelector("[data-testid=import-row-report]")).getText()).contains("3", "Название");

            browser.byText("Импортировать").click();
            WebElement link = browser.waitFor(By.linkText("Лютик " + m));
            assertThat(browser.waitFor(By.cssSelector("[data-testid=import-created]")).getText()).contains("Созданные компании");
            assertThat(figure(browser, "created")).isEqualTo("1");
            Accessibility.assertNoSeriousViolations(browser, "import wizard: companies report in Russian");
            browser.screenshot(SCREENS.resolve("import-companies-report.png"));
            link.click();
            browser.until(d -> browser.currentPath().matches("/companies/[^/?]+"));
            browser.waitForText(By.cssSelector("h1"), "Лютик " + m);
            // the national number read as the row's country's, a link to call
            browser.waitFor(By.cssSelector("[data-field='phone'] a[href='tel:+74822123456']"));
            // tags, edited in place
            browser.byText("Изменить: Метки").click();
            WebElement tags = browser.waitFor(By.cssSelector("[data-field='tags'] input"));
            browser.replaceText(tags, "VIP, Опт");
            tags.sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.waitForText(By.cssSelector("[data-field='tags'] dd span span"), "опт");
            String id = browser.currentPath().substring("/companies/".length());
            JsonNode company = platform.as("cleo").get("/api/companies/" + id).json();
            assertThat(company.get("domain").asString()).isEqualTo("lutik-" + m.toLowerCase() + ".ru");
            assertThat(company.get("industry").asString()).isEqualTo("Цветы");
            assertThat(company.get("size").asString()).isEqualTo("51-200");
            assertThat(company.at("/address/city").asString()).isEqualTo("Тверь");
            assertThat(company.at("/address/country").asString()).isEqualTo("RU");
            assertThat(company.get("ownerId").asString()).isEqualTo("cleo");
            assertThat(company.get("phone").asString()).isEqualTo("+74822123456");
            assertThat(company.get("tags").valueStream().map(JsonNode::asString)).containsExactly("vip", "опт");
        }
        assertThat(platform.as("cleo").get("/api/companies?q=" + java.net.URLEncoder.encode("лютик " + m, StandardCharsets.UTF_8))
                .json().get("items").size()).isEqualTo(1);
    }

    @Test
    void callsAndNotesFromAnotherCrmLandOnTheContactsTimelineWithTheirDatesAndAuthors() throws IOException {
        String m = marker();
        String contact = ContactsBrowserTest.createContact("ada", "{\"firstName\":\"Irma\",\"lastName\":\"Hist" + m
                + "\",\"email\":\"irma-" + m + "@example.com\"}");
        // a manager brings over her team's history: a call by Ada (named by email), and a row of a kind Pulse has not
        Path file = write("activities-" + m + ".csv", "Date,Type,Subject,Notes,Email,Author\r\n"
                + "05.03.2024 14:30,Call,Intro " + m + ",\"Talked about pricing\r\nnext step: demo\",irma-" + m + "@example.com,ada@pulse.test\r\n"
                + "06.03.2024 10:00,Fax,Sent " + m + ",,irma-" + m + "@example.com,\r\n");
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            browser.signIn("maria", "/imports");
            browser.waitFor(By.cssSelector("[data-testid=import-record-type-activities]")).click();
            browser.waitForText(By.cssSelector("h1"), "Import activities");
            browser.driver().findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());

            browser.waitForText(By.cssSelector("h2"), "Map columns to fields");
            Map<String, String> expected = Map.of("Date", "occurredAt", "Type", "type", "Subject", "subject", "Notes", "body",
                    "Email", "contactEmail", "Author", "author");
            expected.forEach((column, field) -> assertThat(new Select(mappingFor(browser, column)).getFirstSelectedOption()
                    .getAttribute("value")).as(column).isEqualTo(field));
            assertThat(new Select(mappingFor(browser, "Notes")).getOptions()).extracting(WebElement::getText)
                    .contains("Date and time *", "Contact’s email").doesNotContain("First name *");
            // without a column naming the contact, the wizard says so before the service is asked
            new Select(mappingFor(browser, "Email")).selectByValue("");
            browser.waitForText(By.cssSelector("[role=alert]"),
                    "Map a column to the contact’s email, phone or ID: each activity goes onto that contact’s timeline.");
            new Select(mappingFor(browser, "Email")).selectByValue("contactEmail");
            browser.replaceText(browser.waitFor(By.xpath("//label[normalize-space()='Time zone of the dates']/following::input[1]")),
                    "Europe/Moscow");
            Accessibility.assertNoSeriousViolations(browser, "import wizard: activities mapping");

            browser.byText("Check (dry run)").click();
            browser.waitForText(By.cssSelector("h2"), "Check report");
            assertThat(figure(browser, "wouldCreate")).isEqualTo("1");
            assertThat(figure(browser, "failed")).isEqualTo("1");
            assertThat(browser.waitFor(By.cssSelector("[data-testid=import-row-report]")).getText())
                    .contains("3", "Type (call, meeting, note, email)", "'Fax' is not an activity type");

            browser.byText("Import").click();
            WebElement link = browser.waitFor(By.linkText("Irma Hist" + m));
            assertThat(browser.waitFor(By.cssSelector("[data-testid=import-created]")).getText()).contains("Contacts with imported activities");
            assertThat(figure(browser, "created")).isEqualTo("1");
            link.click();
            browser.until(d -> browser.currentPath().equals("/contacts/" + contact));
            WebElement call = browser.waitFor(By.xpath("//li[@data-type='call'][contains(., 'Intro " + m + "')]"));
            assertThat(call.getText()).contains("Talked about pricing", "next step: demo", "by Ada Lovelace", "imported");
            Accessibility.assertNoSeriousViolations(browser, "contact timeline with an imported call");
        }
        JsonNode entry = platform.as("maria").get("/api/contacts/" + contact + "/timeline").json().get("items").valueStream()
                .filter(item -> ("Intro " + m).equals(item.get("subject").asString())).findFirst().orElseThrow();
        assertThat(entry.get("occurredAt").asString()).isEqualTo("2024-03-05T11:30:00Z"); // 14:30 in Moscow
        assertThat(entry.get("loggedBy").asString()).isEqualTo("ada");
        assertThat(entry.get("body").asString()).isEqualTo("Talked about pricing\r\nnext step: demo");
    }

    @Test
    void onAPhoneTheWizardFitsTheScreen() throws IOException {
        String m = marker();
        Path file = write("phone-" + m + ".csv", "First Name,Last Name,Email,Job Title,City,Country\n"
                + "Pocket,Phone" + m + ",pocket-" + m + "@e2e.example,Courier with a rather long title,Sofia,BG\n");
        try (Browser browser = Browser.phone(platform.gatewayUrl())) {
            browser.signIn("cleo", "/imports");
            browser.waitForText(By.cssSelector("h1"), "Import contacts");
            assertNoSidewaysScrolling(browser);
            browser.driver().findElement(By.cssSelector("input[type=file]")).sendKeys(file.toString());
            browser.waitForText(By.cssSelector("h2"), "Map columns to fields");
            assertNoSidewaysScrolling(browser);
            browser.byText("Check (dry run)").click();
            browser.waitForText(By.cssSelector("h2"), "Check report");
            assertNoSidewaysScrolling(browser);
            browser.screenshot(SCREENS.resolve("import-phone.png"));
        }
    }

    @Test
    void listsExportAsUtf8CsvWithAByteOrderMarkSoExcelReadsThemRight() throws IOException {
        String m = marker();
        assertThat(platform.as("cleo").post("/api/companies", "{\"name\":\"Exp" + m + " Ёлка\"}").status()).isEqualTo(201);
        assertThat(platform.as("cleo").post("/api/contacts", "{\"firstName\":\"Ёжик\",\"lastName\":\"Exp" + m + "\"}").status()).isEqualTo(201);
        Path downloads = Files.createDirectories(files.resolve("exports-" + m));
        try (Browser browser = Browser.open(platform.gatewayUrl())) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            browser.signIn("cleo", "/companies?q=exp" + m);
            browser.waitFor(By.linkText("Exp" + m + " Ёлка"));
            browser.byText("Export CSV").click();
            List<String> companies = downloadedLike(downloads, "companies-");
            assertThat(companies.get(0)).startsWith("\uFEFFid,name,");
            assertThat(companies).hasSize(2);
            assertThat(companies.get(1)).contains(",Exp" + m + " Ёлка,");

            browser.go("/contacts?q=exp" + m);
            browser.waitFor(By.linkText("Ёжик Exp" + m));
            browser.byText("Export CSV").click();
            List<String> contacts = downloadedLike(downloads, "contacts-");
            assertThat(contacts.get(0)).startsWith("\uFEFFid,").doesNotStartWith("\uFEFF\uFEFF");
            assertThat(String.join("\n", contacts)).contains("Ёжик", "Exp" + m);
        }
    }

    /** The lines of the one file whose name starts so, once the browser has saved it whole. */
    private static List<String> downloadedLike(Path directory, String prefix) {
        Path file = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (var listed = Files.list(directory)) {
                return listed.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".csv"))
                        .findFirst().orElse(null);
            }
        }, java.util.Objects::nonNull);
        return downloaded(directory, file.getFileName().toString());
    }

    private static WebElement mappingFor(Browser browser, String column) {
        return browser.waitFor(By.cssSelector("select[data-column='" + column + "']"));
    }

    private static String figure(Browser browser, String name) {
        return browser.waitFor(By.cssSelector("[data-figure='" + name + "'] dd")).getText().replaceAll("[^0-9]", "");
    }

    /** The lines of a file the browser saved, once it is complete. */
    private static List<String> downloaded(Path directory, String name) {
        Path file = directory.resolve(name);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(file) && Files.size(file) > 0);
        try {
            return Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void assertNoSidewaysScrolling(Browser browser) {
        Number width = (Number) browser.script("return document.documentElement.scrollWidth");
        Object wide = browser.script("return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 1)"
                + ".slice(-5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
        assertThat(width.intValue()).as("no sideways scrolling; wider than the screen: %s", wide).isLessThanOrEqualTo(390);
    }

    private static String marker() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}

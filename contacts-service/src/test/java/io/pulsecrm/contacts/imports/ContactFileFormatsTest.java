package io.pulsecrm.contacts.imports;

import static io.pulsecrm.contacts.imports.ImportApi.assertProblem;
import static io.pulsecrm.contacts.imports.ImportApi.map;
import static io.pulsecrm.contacts.imports.ImportApi.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.tabular.Table;
import io.pulsecrm.platform.tabular.TableSettings;
import io.pulsecrm.platform.tabular.Tables;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/** Files made the way spreadsheets, phones and other CRMs make them, imported through the API, every stored value checked. */
class ContactFileFormatsTest extends ServiceApiTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");

    @Autowired
    MongoTemplate mongo;

    @Test
    void aWindows1251SemicolonFileAsRussianExcelSavesItImportsWithNationalPhones() {
        String n = Long.toString(System.nanoTime());
        String csv = "Имя;Фамилия;Отчество;Эл. почта;Телефон;Мобильный;Должность;Примечание\r\n"
                + "Иван;Петров;Сергеевич;ivan-" + n + "@example.ru;8 (495) 123-45-67;8-903-765-43-21;Директор;\"звонить\r\nпосле 10; не раньше\"\r\n"
                + "Мария;Иванова;;maria-" + n + "@example.ru;;;Бухгалтер;\r\n";
        Response uploaded = upload(csv.getBytes(CP1251), "text/csv", "?fileName=kontakty.csv");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        JsonNode job = uploaded.json();
        assertThat(job.get("format").asString()).isEqualTo("csv");
        assertThat(job.get("encoding").asString()).isEqualTo("windows-1251");
        assertThat(job.get("delimiter").asString()).isEqualTo(";");
        assertThat(strings(job.get("columns"))).containsExactly("Имя", "Фамилия", "Отчество", "Эл. почта", "Телефон",
                "Мобильный", "Должность", "Примечание");
        assertThat(map(job.get("suggestedMapping"))).containsExactly(Map.entry("Имя", "firstName"),
                Map.entry("Фамилия", "lastName"), Map.entry("Эл. почта", "email"), Map.entry("Телефон", "phone"),
                Map.entry("Мобильный", "otherPhones"), Map.entry("Должность", "jobTitle"));
        assertThat(job.get("rows").asLong()).isEqualTo(2);
        assertThat(strings(job.get("preview").get(0))).containsExactly("Иван", "Петров", "Сергеевич", "ivan-" + n + "@example.ru",
                "8 (495) 123-45-67", "8-903-765-43-21", "Директор", "звонить\r\nпосле 10; не раньше");

        Response done = run(job.get("id").asString(), "{\"defaultPhoneRegion\":\"ru\"}");
        assertThat(done.json().get("created").asLong()).as(done.toString()).isEqualTo(2);
        assertThat(done.json().get("defaultPhoneRegion").asString()).isEqualTo("RU");
        JsonNode ivan = contact("ivan-" + n + "@example.ru");
        assertThat(ivan.get("firstName").asString()).isEqualTo("Иван");
        assertThat(ivan.get("lastName").asString()).isEqualTo("Петров");
        assertThat(ivan.get("phone").asString()).isEqualTo("+74951234567");
        assertThat(strings(ivan.get("otherPhones"))).containsExactly("+79037654321");
        assertThat(ivan.get("jobTitle").asString()).isEqualTo("Директор");
        assertThat(ivan.get("source").asString()).isEqualTo("import");
        assertThat(ivan.get("phoneUnverified").asBoolean()).isFalse();
        JsonNode maria = contact("maria-" + n + "@example.ru");
        assertThat(maria.get("lastName").asString()).isEqualTo("Иванова");
        assertThat(maria.get("jobTitle").asString()).isEqualTo("Бухгалтер");
        assertThat(maria.get("phone").isNull()).isTrue();
    }

    @Test
    void theDeclaredCharsetAndUtf16WithBomAndTabsAreReadAsSent() throws IOException {
        String n = Long.toString(System.nanoTime());
        byte[] declared = ("Имя,Email\nОльга,olga-" + n + "@example.ru\n").getBytes(CP1251);
        Response viaCharset = upload(declared, "text/csv; charset=windows-1251", "");
        assertThat(viaCharset.status()).as(viaCharset.toString()).isEqualTo(201);
        assertThat(viaCharset.json().get("encoding").asString()).isEqualTo("windows-1251");
        run(viaCharset.json().get("id").asString(), "{}");
        assertThat(contact("olga-" + n + "@example.ru").get("firstName").asString()).isEqualTo("Ольга");

        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        utf16.write(("First Name\tLast Name\tE-mail\r\nRenée\tMüller-Łukasz\trenee-" + n + "@example.com\r\n").getBytes(StandardCharsets.UTF_16LE));
        Response unicode = upload(utf16.toByteArray(), "text/plain", "?fileName=unicode.txt");
        assertThat(unicode.status()).as(unicode.toString()).isEqualTo(201);
        assertThat(unicode.json().get("encoding").asString()).isEqualTo("UTF-16LE");
        assertThat(unicode.json().get("delimiter").asString()).isEqualTo("\\t");
        run(unicode.json().get("id").asString(), "{}");
        JsonNode renee = contact("renee-" + n + "@example.com");
        assertThat(renee.get("firstName").asString()).isEqualTo("Renée");
        assertThat(renee.get("lastName").asString()).isEqualTo("Müller-Łukasz");

        // the choice on upload wins over detection
        byte[] pipes = ("Name|Mail\nA|a-" + n + "@example.com\n").getBytes(StandardCharsets.UTF_8);
        Response chosen = upload(pipes, "text/csv", "?delimiter=,");
        assertThat(chosen.status()).isEqualTo(201);
        assertThat(strings(chosen.json().get("columns"))).containsExactly("Name|Mail");
    }

    @Test
    void whatPulseCannotReadIsRefusedNamingEncodingDelimiterSheetOrColumn() throws IOException {
        byte[] cp1251 = "Имя;Email\nИван;i@example.ru\n".getBytes(CP1251);
        Response notUtf8 = upload(cp1251, "text/csv", "?encoding=utf-8");
        assertProblem(notUtf8, "encoding", "UTF-8");
        assertProblem(upload(cp1251, "text/csv", "?encoding=klingon"), "encoding", "klingon");
        byte[] ambiguous = new byte[] {'a', ',', 'b', '\n', (byte) 0xE9, 'x', (byte) 0xE0, (byte) 0xE1, ',', 'c', '\n'};
        assertProblem(upload(ambiguous, "text/csv", ""), "encoding", "windows-1251");
        assertProblem(upload("a,b;c\n1;2,3,4\n5\n".getBytes(StandardCharsets.UTF_8), "text/csv", ""), "delimiter", "delimiter");
        assertProblem(upload("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "text/csv", "?delimiter=x"), "delimiter", "x");
        byte[] workbook = workbook();
        Response noSheet = upload(workbook, "application/octet-stream", "?fileName=people.xlsx&sheet=Nope");
        assertProblem(noSheet, "sheet", "Контакты");
        assertThat(noSheet.body()).contains("Notes");
        assertProblem(upload(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0, 0}, "application/vnd.ms-excel", ""),
                "file", ".xls");
        Response ok = upload("Name,Mail\nA,a@example.com\n".getBytes(StandardCharsets.UTF_8), "text/csv", "");
        Response badColumn = api.post("/api/imports/" + ok.json().get("id").asString() + "/run", "{\"mapping\":{\"Nope\":\"firstName\"}}");
        assertProblem(badColumn, "mapping", "'Nope' is not a column");
        Response badRegion = api.post("/api/imports/" + ok.json().get("id").asString() + "/run",
                "{\"mapping\":{\"Name\":\"firstName\"},\"defaultPhoneRegion\":\"XX\"}");
        assertProblem(badRegion, "defaultPhoneRegion", "RU");
    }

    @Test
    void anXlsxSheetWrittenByASpreadsheetLibraryImportsWithDatesAndNumbers() throws IOException {
        String n = Long.toString(System.nanoTime());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(out, "Pulse test", "1.0")) {
            workbook.newWorksheet("Notes").value(0, 0, "not the contacts");
            Worksheet sheet = workbook.newWorksheet("Contacts");
            List<String> header = List.of("First Name", "Last Name", "Email", "Phone", "Birthday", "Country");
            for (int c = 0; c < header.size(); c++) {
                sheet.value(0, c, header.get(c));
            }
            sheet.value(1, 0, "Grace");
            sheet.value(1, 1, "Hopper");
            sheet.value(1, 2, "grace-" + n + "@example.com");
            sheet.value(1, 3, 359888123456L); // typed as a number, as spreadsheets do
            sheet.value(1, 4, LocalDate.of(1906, 12, 9));
            sheet.style(1, 4).format("dd.mm.yyyy").set();
            sheet.value(1, 5, "BG");
            sheet.value(2, 0, "Nino");
            sheet.value(2, 2, "nino-" + n + "@example.com");
            sheet.value(2, 3, "555 12 34 56"); // national, Georgia
            sheet.value(2, 5, "Georgia");
        }
        Response uploaded = upload(out.toByteArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "?fileName=people.xlsx&sheet=Contacts");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().get("format").asString()).isEqualTo("xlsx");
        assertThat(strings(uploaded.json().get("sheets"))).containsExactly("Notes", "Contacts");
        assertThat(uploaded.json().get("sheet").asString()).isEqualTo("Contacts");
        assertThat(strings(uploaded.json().get("preview").get(0))).containsExactly("Grace", "Hopper", "grace-" + n + "@example.com",
                "359888123456", "1906-12-09", "BG");
        assertThat(map(uploaded.json().get("suggestedMapping"))).containsEntry("Birthday", "birthday").containsEntry("Country", "country");

        Response done = run(uploaded.json().get("id").asString(), "{}");
        assertThat(done.json().get("created").asLong()).as(done.toString()).isEqualTo(2);
        JsonNode grace = contact("grace-" + n + "@example.com");
        assertThat(grace.get("phone").asString()).isEqualTo("+359888123456");
        assertThat(grace.get("birthday").asString()).isEqualTo("1906-12-09");
        assertThat(grace.get("address").get("country").asString()).isEqualTo("BG");
        JsonNode nino = contact("nino-" + n + "@example.com");
        assertThat(nino.get("phone").asString()).isEqualTo("+995555123456"); // the row's country, not the default region
        assertThat(nino.get("address").get("country").asString()).isEqualTo("GE");
    }

    @Test
    void aVcardFileWithSeveralContactsGoesThroughTheSameMappingAndRun() {
        String n = Long.toString(System.nanoTime());
        String vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Petrova;Anna;;;\r\nFN:Anna Petrova\r\n"
                + "EMAIL;TYPE=INTERNET:anna-" + n + "@example.ru\r\nTEL;TYPE=CELL:+7 903 123-45-67\r\n"
                + "ORG:Romashka\r\nTITLE:Head of \r\n Sales\r\nADR;TYPE=WORK:;;Lenina 1;Moskva;;101000;Russia\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:2.1\r\n"
                + "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=D0=BD\r\n"
                + "EMAIL:ivanov-" + n + "@example.ru\r\nTEL;CELL:0888 123 457\r\nADR;HOME:;;;Sofia;;;Bulgaria\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Reception\r\nN:;Reception;;;\r\nEMAIL:reception-" + n + "@example.com\r\n"
                + "TEL;TYPE=WORK:ext. 12 (ask for Anna)\r\nEND:VCARD\r\n";
        Response uploaded = upload(vcf.getBytes(StandardCharsets.UTF_8), "text/vcard", "?fileName=contacts.vcf");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().get("format").asString()).isEqualTo("vcf");
        assertThat(uploaded.json().get("rows").asLong()).isEqualTo(3);
        assertThat(map(uploaded.json().get("suggestedMapping"))).containsEntry("Given name", "firstName")
                .containsEntry("Family name", "lastName").containsEntry("Email", "email").containsEntry("Phone", "phone")
                .containsEntry("Other phones", "otherPhones").containsEntry("Title", "jobTitle").containsEntry("Country", "country");

        Response done = run(uploaded.json().get("id").asString(), "{}");
        assertThat(done.json().get("created").asLong()).as(done.toString()).isEqualTo(3);
        JsonNode anna = contact("anna-" + n + "@example.ru");
        assertThat(anna.get("firstName").asString()).isEqualTo("Anna");
        assertThat(anna.get("lastName").asString()).isEqualTo("Petrova");
        assertThat(anna.get("phone").asString()).isEqualTo("+79031234567");
        assertThat(anna.get("jobTitle").asString()).isEqualTo("Head of Sales");
        assertThat(anna.get("address").get("city").asString()).isEqualTo("Moskva");
        assertThat(anna.get("address").get("country").asString()).isEqualTo("RU");
        JsonNode ivan = contact("ivanov-" + n + "@example.ru");
        assertThat(ivan.get("firstName").asString()).isEqualTo("Иван");
        assertThat(ivan.get("lastName").asString()).isEqualTo("Иванов");
        assertThat(ivan.get("phone").asString()).isEqualTo("+359888123457");
        // a phone that is no number is kept as entered, and the report says so
        JsonNode reception = contact("reception-" + n + "@example.com");
        assertThat(reception.get("phone").asString()).isEqualTo("ext. 12 (ask for Anna)");
        assertThat(reception.get("phoneUnverified").asBoolean()).isTrue();
        assertThat(done.json().get("warnings").size()).isEqualTo(1);
        assertThat(done.json().get("warnings").get(0).get("row").asLong()).isEqualTo(4);
        assertThat(done.json().get("warnings").get(0).get("field").asString()).isEqualTo("phone");
        assertThat(done.json().get("rowErrors").size()).isZero();
    }

    @Test
    void exportsOfTheCrmsTeamsLeaveAreMappedByTheirOwnColumnNames() {
        String n = Long.toString(System.nanoTime());
        Map<String, String> files = Map.of(
                "hubspot", "Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Job Title,Company Name,City,State/Region,Country/Region,Lifecycle Stage,Contact owner\n"
                        + "101,Hub,Spot,hub-" + n + "@example.com,+1 617 253 1000,+1 617 253 1001,CMO,HubSpot Inc,Cambridge,MA,United States,Marketing Qualified Lead,owner@example.com\n",
                "pipedrive", "Person - ID,Person - Name,Person - First name,Person - Last name,Person - Email - Work,Person - Email - Home,Person - Phone - Work,Person - Phone - Mobile,Person - Organization,Person - Labels\n"
                        + "7,Pipe Drive,Pipe,Drive,pipe-" + n + "@example.com,pipe.home-" + n + "@example.com,+372 5123 4567,,Pipedrive OÜ,Hot lead\n",
                "amocrm", "ID;Полное имя;Имя;Фамилия;Компания;Должность (контакт);Рабочий телефон (контакт);Мобильный телефон (контакт);Рабочий email (контакт);Личный email (контакт);Теги\n"
                        + "55;Амо Срм;Амо;Срм;ООО Амо;Менеджер;+7 495 123-45-68;8 916 000-11-22;amo-" + n + "@example.ru;;клиент\n",
                "bitrix24", "ID;Обращение;Имя;Отчество;Фамилия;Дата рождения;Должность;Компания;Рабочий телефон;Мобильный телефон;Рабочий e-mail;Частный e-mail\n"
                        + "9;г-н;Битрикс;Петрович;Двадцатьчетыре;;Руководитель;ООО Битрикс;+7 4012 50-50-50;;bitrix-" + n + "@example.ru;bitrix.home-" + n + "@example.ru\n",
                "salesforce", "First Name,Last Name,Title,Account Name,Email,Phone,Mobile,Mailing Street,Mailing City,Mailing State/Province,Mailing Zip/Postal Code,Mailing Country,Birthdate\n"
                        + "Sales,Force,VP Sales,Salesforce,sales-" + n + "@example.com,+1 415 901 7000,,415 Mission St,San Francisco,CA,94105,USA,1980-05-17\n");
        Map<String, Map<String, String>> expected = Map.of(
                "hub-" + n + "@example.com", Map.of("firstName", "Hub", "lastName", "Spot", "phone", "+16172531000", "jobTitle", "CMO", "city", "Cambridge", "country", "US"),
                "pipe-" + n + "@example.com", Map.of("firstName", "Pipe", "lastName", "Drive", "phone", "+37251234567", "otherEmails", "pipe.home-" + n + "@example.com", "tags", "hot lead"),
                "amo-" + n + "@example.ru", Map.of("firstName", "Амо", "lastName", "Срм", "phone", "+74951234568", "otherPhones", "+79160001122", "jobTitle", "Менеджер", "tags", "клиент"),
                "bitrix-" + n + "@example.ru", Map.of("firstName", "Битрикс", "lastName", "Двадцатьчетыре", "phone", "+74012505050", "jobTitle", "Руководитель", "otherEmails", "bitrix.home-" + n + "@example.ru"),
                "sales-" + n + "@example.com", Map.of("firstName", "Sales", "lastName", "Force", "phone", "+14159017000", "jobTitle", "VP Sales", "street", "415 Mission St", "postalCode", "94105", "country", "US", "birthday", "1980-05-17"));
        for (var file : files.entrySet()) {
            Response uploaded = upload(file.getValue().getBytes(StandardCharsets.UTF_8), "text/csv", "?fileName=" + file.getKey() + ".csv");
            assertThat(uploaded.status()).as(file.getKey() + " " + uploaded).isEqualTo(201);
            assertThat(map(uploaded.json().get("suggestedMapping"))).as(file.getKey()).containsEntry(
                    strings(uploaded.json().get("columns")).stream().filter(c -> c.contains("mail") && !c.contains("Home") && !c.contains("Личный") && !c.contains("Частный")).findFirst().orElseThrow(), "email")
                    .doesNotContainValue("lifecycleStage").doesNotContainValue("ownerId");
            Response done = run(uploaded.json().get("id").asString(), "{\"defaultPhoneRegion\":\"RU\"}");
            assertThat(done.json().get("created").asLong()).as(file.getKey() + " " + done).isEqualTo(1);
        }
        for (var contact : expected.entrySet()) {
            JsonNode stored = contact(contact.getKey());
            for (var field : contact.getValue().entrySet()) {
                JsonNode value = switch (field.getKey()) {
                    case "city", "country", "street", "postalCode" -> stored.get("address").get(field.getKey());
                    case "otherEmails", "otherPhones", "tags" -> stored.get(field.getKey()).get(0);
                    default -> stored.get(field.getKey());
                };
                assertThat(value.asString()).as(contact.getKey() + " " + field.getKey()).isEqualTo(field.getValue());
            }
        }
    }

    @Test
    void theOrganisationsPhoneRegionIsAnAdminSettingAndTheApiKeepsAnUnverifiedPhoneOnlyWhenAsked() {
        String n = Long.toString(System.nanoTime());
        try {
            assertThat(apiAs(TestIdentity.EAST_REP).send("PUT", "/api/settings/phone-region", "{\"region\":\"BG\"}",
                    Map.of("Content-Type", "application/json")).status()).isEqualTo(403);
            assertProblem(api.send("PUT", "/api/settings/phone-region", "{\"region\":\"Bulgaria\"}", Map.of("Content-Type", "application/json")),
                    "region", "ISO 3166");
            Response set = api.send("PUT", "/api/settings/phone-region", "{\"region\":\"bg\"}", Map.of("Content-Type", "application/json"));
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
            Response read = apiAs(TestIdentity.EAST_REP).get("/api/settings/phone-region");
            assertThat(read.json().get("region").asString()).isEqualTo("BG");
            assertThat(read.json().get("source").asString()).isEqualTo("setting");

            Response created = api.post("/api/contacts", "{\"firstName\":\"Boyan\",\"email\":\"boyan-" + n + "@example.bg\",\"phone\":\"0888 123 458\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().get("phone").asString()).isEqualTo("+359888123458");
        } finally {
            mongo.remove(Query.query(Criteria.where("_id").is("phone-region")), "settings");
        }
        assertThat(api.get("/api/settings/phone-region").json().get("source").asString()).isEqualTo("configuration");

        assertProblem(api.post("/api/contacts", "{\"firstName\":\"Desk\",\"phone\":\"ext. 12\"}"), "phone", "phone");
        Response kept = api.post("/api/contacts", "{\"firstName\":\"Desk\",\"phone\":\"ext. 12\",\"phoneUnverified\":true}");
        assertThat(kept.status()).as(kept.toString()).isEqualTo(201);
        assertThat(kept.json().get("phone").asString()).isEqualTo("ext. 12");
        assertThat(kept.json().get("phoneUnverified").asBoolean()).isTrue();
        Response valid = api.post("/api/contacts", "{\"firstName\":\"Desk\",\"phone\":\"+49 30 1234567\",\"phoneUnverified\":true}");
        assertThat(valid.json().get("phone").asString()).isEqualTo("+49301234567");
        assertThat(valid.json().get("phoneUnverified").asBoolean()).isFalse(); // a number that reads is verified

        // merging keeps an unverified phone only as the primary one, still marked
        String survivor = api.post("/api/contacts", "{\"firstName\":\"Desk\",\"email\":\"desk-" + n + "@example.com\"}").json().get("id").asString();
        Response merged = api.post("/api/contacts/" + survivor + "/merge", "{\"mergeIds\":[\"" + kept.json().get("id").asString() + "\"]}",
                Map.of("If-Match", "\"0\""));
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        JsonNode desk = api.get("/api/contacts/" + survivor).json();
        assertThat(desk.get("phone").asString()).isEqualTo("ext. 12");
        assertThat(desk.get("phoneUnverified").asBoolean()).isTrue();
        assertThat(desk.get("otherPhones").size()).isZero();
    }

    @Test
    void aPersonMayChooseTheirOwnPhoneRegionOverTheOrganisations() {
        String n = Long.toString(System.nanoTime());
        ApiClient ada = apiAs(TestIdentity.EAST_REP);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        try {
            assertProblem(ada.send("PUT", "/api/settings/phone-region/mine", "{\"region\":\"Sofia\"}", json), "region", "ISO 3166");
            Response chosen = ada.send("PUT", "/api/settings/phone-region/mine", "{\"region\":\"bg\"}", json);
            assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);
            assertThat(chosen.json().get("region").asString()).isEqualTo("BG");
            assertThat(chosen.json().get("source").asString()).isEqualTo("user");
            assertThat(chosen.json().get("own").asString()).isEqualTo("BG");

            Response created = ada.post("/api/contacts", "{\"firstName\":\"Boyana\",\"email\":\"boyana-" + n + "@example.bg\",\"phone\":\"0888 123 459\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().get("phone").asString()).isEqualTo("+359888123459");
            // someone else still reads national numbers in the organisation's region (configured: US)
            assertThat(api.get("/api/settings/phone-region/mine").json().get("source").asString()).isEqualTo("configuration");
            Response american = api.post("/api/contacts", "{\"firstName\":\"Ann\",\"phone\":\"(202) 555-0147\"}");
            assertThat(american.json().get("phone").asString()).isEqualTo("+12025550147");

            Response cleared = ada.send("DELETE", "/api/settings/phone-region/mine", null, Map.of());
            assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
            assertThat(cleared.json().get("source").asString()).isEqualTo("configuration");
            assertThat(cleared.json().get("own").isNull()).isTrue();
            assertThat(cleared.json().get("region").asString()).isEqualTo("US");
        } finally {
            ada.send("DELETE", "/api/settings/phone-region/mine", null, Map.of());
        }
        Response client = apiAsClient("partner-test", "contacts:read", "contacts:write")
                .send("PUT", "/api/settings/phone-region/mine", "{\"region\":\"BG\"}", json);
        assertThat(client.status()).as(client.toString()).isEqualTo(400);
        assertThat(client.body()).contains("signed-in person");
    }

    @Test
    void exportsOpenInExcelWithAByteOrderMarkTheChosenDelimiterOrAsAWorkbook() throws IOException {
        String n = Long.toString(System.nanoTime());
        String tag = "excel-" + n;
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Софья\",\"lastName\":\"Ковалевская; мл.\",\"email\":\"sofia-" + n
                + "@example.ru\",\"tags\":[\"" + tag + "\"]}").status()).isEqualTo(201);

        HttpResponse<byte[]> csv = api.download("/api/contacts/export?tag=" + tag);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(java.util.Arrays.copyOf(csv.body(), 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).contains(",Софья,Ковалевская; мл.,sofia-" + n);

        HttpResponse<byte[]> semicolons = api.download("/api/contacts/export?delimiter=;&tag=" + tag);
        List<String> lines = new String(semicolons.body(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).startsWith("\uFEFFid;firstName;lastName;email;phone;");
        assertThat(lines.get(1)).contains(";Софья;\"Ковалевская; мл.\";sofia-" + n);
        assertThat(new String(api.download("/api/contacts/export?bom=false&tag=" + tag).body(), StandardCharsets.UTF_8)).startsWith("id,");

        HttpResponse<byte[]> xlsx = api.download("/api/contacts/export?format=xlsx&tag=" + tag);
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElseThrow()).startsWith(TabularFormat.XLSX_MEDIA_TYPE);
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow()).contains("contacts.xlsx");
        try (Table table = Tables.open(new java.io.ByteArrayInputStream(xlsx.body()), new TableSettings(TabularFormat.XLSX, null, null, null))) {
            assertThat(table.columns()).startsWith("id", "firstName", "lastName", "email");
            List<String> row = table.next().cells();
            assertThat(row.subList(1, 4)).containsExactly("Софья", "Ковалевская; мл.", "sofia-" + n + "@example.ru");
            assertThat(table.next()).isNull();
        }
        assertProblem(api.get("/api/contacts/export?delimiter=x"), "delimiter", "x");
        assertProblem(api.get("/api/contacts/export?format=pdf"), "format", "pdf");
    }

    private static byte[] workbook() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(out, "Pulse test", "1.0")) {
            workbook.newWorksheet("Notes").value(0, 0, "x");
            workbook.newWorksheet("Контакты").value(0, 0, "Имя");
        }
        return out.toByteArray();
    }

    private Response upload(byte[] file, String contentType, String query) {
        return api.sendBytes("POST", "/api/imports" + query, file, Map.of("Content-Type", contentType));
    }

    private Response run(String id, String body) {
        Response started = api.post("/api/imports/" + id + "/run", body);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/imports/" + id), r -> r.json().get("status").asString().equals("completed"));
    }

    private JsonNode contact(String email) {
        JsonNode items = api.get("/api/contacts?q=" + email).json().get("items");
        assertThat(items.size()).as(email).isEqualTo(1);
        return items.get(0);
    }
}

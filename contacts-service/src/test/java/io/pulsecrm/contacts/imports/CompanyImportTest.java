package io.pulsecrm.contacts.imports;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.companies.CompanyDetails;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import static io.pulsecrm.contacts.imports.ImportApi.assertProblem;
import static io.pulsecrm.contacts.imports.ImportApi.awaitStatus;
import static io.pulsecrm.contacts.imports.ImportApi.errors;
import static io.pulsecrm.contacts.imports.ImportApi.json;
import static io.pulsecrm.contacts.imports.ImportApi.map;
import static io.pulsecrm.contacts.imports.ImportApi.run;
import static io.pulsecrm.contacts.imports.ImportApi.strings;
import static io.pulsecrm.contacts.imports.ImportApi.upload;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;

/**
 * Companies imported through {@code /api/imports?recordType=companies}: files as Russian Excel, HubSpot, Bitrix24 and
 * Salesforce make them, de-duplication by domain and name, a re-run and a resumed run creating nothing twice, the
 * refusals; every stored value and the events checked.
 */
class CompanyImportTest extends ServiceApiTest {

    private static final Charset CP1251 = Charset.forName("windows-1251");

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Company.TOPIC);

    @Autowired
    MongoTemplate mongo;
    @Autowired
    AggregateStore store;

    @Test
    void aWindows1251SemicolonFileOfCompaniesIsImportedAsTheApiCreatesThemWithTheImportersRights() {
        String n = Long.toString(System.nanoTime());
        ApiClient rep = apiAs(TestIdentity.EAST_REP);
        String csv = "Название компании;Сайт;Телефон;Сфера деятельности;Количество сотрудников;Адрес;Город;Страна;Ответственный;Комментарий\r\n"
                + "Ромашка " + n + ";https://www.Romashka-" + n + ".ru/o-nas;8 (495) 123-45-67;Производство;250;ул. Ленина, 1;Москва;Россия;;\"звонить\r\nпосле 10; не раньше\"\r\n"
                + "Василёк " + n + ";;доб. 12;Торговля;51-200;;Санкт-Петербург;RU;" + TestIdentity.WEST_REP + ";\r\n"
                + ";nameless-" + n + ".ru;;;;;;;;\r\n"
                + "Огромная " + n + ";;;;много;;;;;\r\n";
        Response uploaded = upload(rep, csv.getBytes(CP1251), "text/csv", "?fileName=kompanii.csv&recordType=companies");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        JsonNode job = uploaded.json();
        assertThat(job.get("recordType").asString()).isEqualTo("companies");
        assertThat(job.get("encoding").asString()).isEqualTo("windows-1251");
        assertThat(job.get("delimiter").asString()).isEqualTo(";");
        assertThat(job.get("rows").asLong()).isEqualTo(4);
        assertThat(map(job.get("suggestedMapping"))).containsExactly(Map.entry("Название компании", "name"),
                Map.entry("Сайт", "domain"), Map.entry("Телефон", "phone"), Map.entry("Сфера деятельности", "industry"),
                Map.entry("Количество сотрудников", "size"), Map.entry("Адрес", "street"), Map.entry("Город", "city"),
                Map.entry("Страна", "country"));
        assertThat(strings(job.get("preview").get(0)).get(9)).isEqualTo("звонить\r\nпосле 10; не раньше");

        String id = job.get("id").asString();
        // the owner column is the importer's to map; a rep may not give a company to another team's rep
        Map<String, String> mapping = new java.util.LinkedHashMap<>(map(job.get("suggestedMapping")));
        mapping.put("Ответственный", "ownerId");
        Response done = run(rep, id, "{\"mapping\":" + json(mapping) + "}");
        assertThat(done.json().get("created").asLong()).as(done.toString()).isEqualTo(2);
        assertThat(done.json().get("failed").asLong()).isEqualTo(2);
        assertThat(errors(done)).containsExactlyInAnyOrder(
                "3:ownerId:'" + TestIdentity.WEST_REP + "' is not someone you may assign companies to; owned by the importer instead",
                "4:name:is required", "5:size:must be one of [1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001+]");
        // a phone that is no number does not sink its row: kept as entered, marked, and the report says so
        assertThat(done.json().get("warnings").valueStream().map(w -> w.get("row").asLong() + ":" + w.get("message").asString()))
                .containsExactly("3:'доб. 12' is not a valid phone number (read as RU when it has no country code): kept as entered, marked unverified");
        List<JsonNode> records = done.json().get("records").valueStream().toList();
        assertThat(records).extracting(r -> r.get("row").asLong() + ":" + r.get("name").asString())
                .containsExactlyInAnyOrder("2:Ромашка " + n, "3:Василёк " + n);

        JsonNode romashka = company(rep, records, 2);
        assertThat(romashka.get("name").asString()).isEqualTo("Ромашка " + n);
        assertThat(romashka.get("domain").asString()).isEqualTo("romashka-" + n + ".ru");
        assertThat(romashka.get("industry").asString()).isEqualTo("Производство");
        assertThat(romashka.get("size").asString()).isEqualTo("201-500"); // 250 employees
        assertThat(romashka.at("/address/street").asString()).isEqualTo("ул. Ленина, 1");
        assertThat(romashka.at("/address/city").asString()).isEqualTo("Москва");
        assertThat(romashka.at("/address/country").asString()).isEqualTo("RU");
        assertThat(romashka.at("/address/region").isNull()).isTrue();
        assertThat(romashka.get("ownerId").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(romashka.get("phone").asString()).isEqualTo("+74951234567"); // national, read as the row's country's
        assertThat(romashka.get("phoneUnverified").asBoolean()).isFalse();
        assertThat(romashka.get("customFields").isEmpty()).isTrue();
        JsonNode vasilek = company(rep, records, 3);
        assertThat(vasilek.get("name").asString()).isEqualTo("Василёк " + n);
        assertThat(vasilek.get("domain").isNull()).isTrue();
        assertThat(vasilek.get("industry").asString()).isEqualTo("Торговля");
        assertThat(vasilek.get("size").asString()).isEqualTo("51-200");
        assertThat(vasilek.at("/address/city").asString()).isEqualTo("Санкт-Петербург");
        assertThat(vasilek.at("/address/country").asString()).isEqualTo("RU");
        assertThat(vasilek.get("ownerId").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(vasilek.get("phone").asString()).isEqualTo("доб. 12");
        assertThat(vasilek.get("phoneUnverified").asBoolean()).isTrue();

        // the same event as an API create, by the importer, valid against its schema, once per company
        for (JsonNode created : List.of(romashka, vasilek)) {
            String companyId = created.get("id").asString();
            EventEnvelope event = events.awaitEvent(ofType("pulse.company.created.v1", companyId));
            assertThat(event.actor()).isEqualTo(TestIdentity.EAST_REP);
            assertThat(event.data().at("/company/name").asString()).isEqualTo(created.get("name").asString());
            assertThat(events.records()).filteredOn(r -> companyId.equals(r.key()))
                    .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
            assertThat(events.distinctEvents()).filteredOn(e -> companyId.equals(e.subject())).hasSize(1);
        }
        // no contacts came from a company file
        assertThat(api.get("/api/contacts?q=" + java.net.URLEncoder.encode("Ромашка " + n, StandardCharsets.UTF_8)).json().get("items").size()).isZero();
        // another rep does not see the importer's companies, nor the job
        assertThat(apiAs(TestIdentity.WEST_REP).get("/api/companies/" + romashka.get("id").asString()).status()).isEqualTo(404);
        assertThat(apiAs(TestIdentity.WEST_REP).get("/api/imports/" + id).status()).isEqualTo(404);
    }

    @Test
    void hubSpotBitrix24SalesforceAndPipedriveExportsAreMappedByTheirHeaders() {
        String n = Long.toString(System.nanoTime());
        String hubspot = "Record ID,Company name,Company Domain Name,Phone Number,Industry,Number of Employees,City,Country/Region,Company owner\n"
                + "9001,Hub " + n + ",hub-" + n + ".com,+1 617 555 0100,COMPUTER_SOFTWARE,\"1,200\",Cambridge,United States,Someone Else\n"
                + "9002,Spot " + n + ",,,,8,Berlin,Germany,\n";
        Response hub = upload(api, hubspot.getBytes(StandardCharsets.UTF_8), "text/csv", "?fileName=hubspot-companies.csv&recordType=companies");
        assertThat(hub.status()).as(hub.toString()).isEqualTo(201);
        assertThat(map(hub.json().get("suggestedMapping"))).containsExactly(Map.entry("Company name", "name"),
                Map.entry("Company Domain Name", "domain"), Map.entry("Phone Number", "phone"), Map.entry("Industry", "industry"),
                Map.entry("Number of Employees", "size"), Map.entry("City", "city"), Map.entry("Country/Region", "country"));
        Response hubDone = run(api, hub.json().get("id").asString(), "{}");
        assertThat(hubDone.json().get("created").asLong()).as(hubDone.toString()).isEqualTo(2);
        List<JsonNode> hubRecords = hubDone.json().get("records").valueStream().toList();
        JsonNode hubCo = company(api, hubRecords, 2);
        assertThat(hubCo.get("name").asString()).isEqualTo("Hub " + n);
        assertThat(hubCo.get("domain").asString()).isEqualTo("hub-" + n + ".com");
        assertThat(hubCo.get("industry").asString()).isEqualTo("COMPUTER_SOFTWARE");
        assertThat(hubCo.get("size").asString()).isEqualTo("1001-5000");
        assertThat(hubCo.at("/address/city").asString()).isEqualTo("Cambridge");
        assertThat(hubCo.at("/address/country").asString()).isEqualTo("US");
        assertThat(hubCo.get("ownerId").asString()).isEqualTo(TestIdentity.ADMIN);
        assertThat(hubCo.get("phone").asString()).isEqualTo("+16175550100");
        JsonNode spot = company(api, hubRecords, 3);
        assertThat(spot.get("size").asString()).isEqualTo("1-10");
        assertThat(spot.at("/address/country").asString()).isEqualTo("DE");

        String bitrix = "ID;Название компании;Тип компании;Сфера деятельности;Телефон;Сайт;Адрес;Ответственный\r\n"
                + "17;Битрикс " + n + ";Клиент;Информационные технологии;+7 (4012) 12-34-56;bitrix-" + n + ".ru;Калининград, ул. Мира 1;Иван Иванов\r\n";
        Response b24 = upload(api, bitrix.getBytes(StandardCharsets.UTF_8), "text/csv", "?fileName=company.csv&recordType=companies");
        assertThat(b24.status()).as(b24.toString()).isEqualTo(201);
        assertThat(map(b24.json().get("suggestedMapping"))).containsExactly(Map.entry("Название компании", "name"),
                Map.entry("Сфера деятельности", "industry"), Map.entry("Телефон", "phone"), Map.entry("Сайт", "domain"),
                Map.entry("Адрес", "street"));
        Response b24Done = run(api, b24.json().get("id").asString(), "{}");
        assertThat(b24Done.json().get("created").asLong()).as(b24Done.toString()).isEqualTo(1);
        JsonNode b24Co = company(api, b24Done.json().get("records").valueStream().toList(), 2);
        assertThat(b24Co.get("name").asString()).isEqualTo("Битрикс " + n);
        assertThat(b24Co.get("domain").asString()).isEqualTo("bitrix-" + n + ".ru");
        assertThat(b24Co.get("industry").asString()).isEqualTo("Информационные технологии");
        assertThat(b24Co.at("/address/street").asString()).isEqualTo("Калининград, ул. Мира 1");
        assertThat(b24Co.get("size").isNull()).isTrue();
        assertThat(b24Co.get("phone").asString()).isEqualTo("+74012123456");

        // the other CRMs' headers, as suggested
        assertThat(suggested("Account Name,Website,Phone,Industry,Employees,Billing Street,Billing City,Billing State/Province,Billing Zip/Postal Code,Billing Country\n"))
                .containsExactly(Map.entry("Account Name", "name"), Map.entry("Website", "domain"), Map.entry("Phone", "phone"),
                        Map.entry("Industry", "industry"),
                        Map.entry("Employees", "size"), Map.entry("Billing Street", "street"), Map.entry("Billing City", "city"),
                        Map.entry("Billing State/Province", "region"), Map.entry("Billing Zip/Postal Code", "postalCode"),
                        Map.entry("Billing Country", "country"));
        assertThat(suggested("Organization - Name,Organization - Address,Organization - Owner,Organization - Number of employees,Organization - Web\n"))
                .containsExactly(Map.entry("Organization - Name", "name"), Map.entry("Organization - Address", "street"),
                        Map.entry("Organization - Number of employees", "size"), Map.entry("Organization - Web", "domain"));
        assertThat(suggested("Название компании,Web,Рабочий телефон,Адрес\n"))
                .containsExactly(Map.entry("Название компании", "name"), Map.entry("Web", "domain"),
                        Map.entry("Рабочий телефон", "phone"), Map.entry("Адрес", "street"));
        // a contact import of the same kind of file still suggests contact fields only
        Response asContacts = upload(api, "First Name,Company name,Website\nA,B,c.com\n".getBytes(StandardCharsets.UTF_8), "text/csv", "");
        assertThat(asContacts.json().get("recordType").asString()).isEqualTo("contacts");
        assertThat(map(asContacts.json().get("suggestedMapping"))).containsExactly(Map.entry("First Name", "firstName"));
    }

    @Test
    void anXlsxWorkbookWithCompanyCustomFieldsIsImported() throws IOException {
        String n = Long.toString(System.nanoTime());
        String key = "tier" + n.substring(n.length() - 8);
        assertThat(api.post("/api/custom-fields", "{\"objectType\":\"company\",\"key\":\"" + key + "\",\"label\":\"Tier " + n
                + "\",\"type\":\"number\"}").status()).isEqualTo(201);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(out, "Pulse test", "1.0")) {
            Worksheet sheet = workbook.newWorksheet("Accounts");
            List<String> header = List.of("Account Name", "Website", "Employees", "Billing City", "Billing Country", "Tier " + n,
                    "Phone", "Tags");
            for (int c = 0; c < header.size(); c++) {
                sheet.value(0, c, header.get(c));
            }
            sheet.value(1, 0, "Sheet " + n);
            sheet.value(1, 1, "http://sheet-" + n + ".io");
            sheet.value(1, 2, 45); // a number of employees typed as a number
            sheet.value(1, 3, "Sofia");
            sheet.value(1, 4, "Bulgaria");
            sheet.value(1, 5, 2);
            sheet.value(1, 6, "0888 123 456"); // a Bulgarian mobile in national format: the row's country says how to read it
            sheet.value(1, 7, "VIP; Партнёр;vip");
            sheet.value(2, 0, "Bad Tier " + n);
            sheet.value(2, 5, "gold");
        }
        Response uploaded = upload(api, out.toByteArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "?fileName=accounts.xlsx&recordType=companies");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().get("format").asString()).isEqualTo("xlsx");
        assertThat(map(uploaded.json().get("suggestedMapping"))).containsEntry("Tier " + n, "cf." + key)
                .containsEntry("Employees", "size");
        Response done = run(api, uploaded.json().get("id").asString(), "{}");
        assertThat(done.json().get("created").asLong()).as(done.toString()).isEqualTo(1);
        assertThat(errors(done)).singleElement().asString().startsWith("3:customFields." + key + ":");
        JsonNode sheetCo = company(api, done.json().get("records").valueStream().toList(), 2);
        assertThat(sheetCo.get("name").asString()).isEqualTo("Sheet " + n);
        assertThat(sheetCo.get("domain").asString()).isEqualTo("sheet-" + n + ".io");
        assertThat(sheetCo.get("size").asString()).isEqualTo("11-50");
        assertThat(sheetCo.at("/address/city").asString()).isEqualTo("Sofia");
        assertThat(sheetCo.at("/address/country").asString()).isEqualTo("BG");
        assertThat(sheetCo.at("/customFields/" + key).asDouble()).isEqualTo(2.0);
        assertThat(sheetCo.get("phone").asString()).isEqualTo("+359888123456");
        assertThat(sheetCo.get("tags").valueStream().map(JsonNode::asString)).containsExactly("vip", "партнёр");
    }

    @Test
    void duplicatesByDomainOrNameAreSkippedInTheFileAndAgainstCompaniesAndARerunCreatesNothingTwice() {
        String n = Long.toString(System.nanoTime());
        String existing = api.post("/api/companies", "{\"name\":\"Existing " + n + "\",\"domain\":\"exist-" + n + ".com\"}")
                .json().get("id").asString();
        String named = api.post("/api/companies", "{\"name\":\"Named Only " + n + "\"}").json().get("id").asString();
        String csv = "Company,Website\n"
                + "Other Name " + n + ",https://www.EXIST-" + n + ".com/about\n" // 2: the existing company's domain
                + "NAMED ONLY " + n + ",\n"                                       // 3: the existing company's name
                + "New " + n + ",new-" + n + ".com\n"                             // 4: created
                + "New Again " + n + ",WWW.new-" + n + ".com\n"                   // 5: row 4's domain
                + "Solo " + n + ",\n"                                             // 6: created
                + "solo " + n + ",\n"                                             // 7: row 6's name
                + "new " + n + ",\n"                                              // 8: row 4's name (it has no domain)
                + "New " + n + ",other-" + n + ".com\n";                          // 9: row 4's name, another domain: created
        String id = upload(api, csv.getBytes(StandardCharsets.UTF_8), "text/csv", "?recordType=companies").json().get("id").asString();

        assertThat(api.post("/api/imports/" + id + "/dry-run", "{}").status()).isEqualTo(202);
        Response validated = awaitStatus(api, id, "validated");
        assertThat(validated.json().get("created").asLong()).as(validated.toString()).isEqualTo(3);
        assertThat(validated.json().get("duplicates").asLong()).isEqualTo(5);
        assertThat(errors(validated)).containsExactly(
                "2:domain:duplicate of company " + existing + " (exist-" + n + ".com); skipped",
                "3:name:duplicate of company " + named + " (Named Only " + n + "); skipped",
                "5:domain:same domain as row 4 of this file (new-" + n + ".com); would be skipped",
                "7:name:same name as row 6 of this file (solo " + n + "); would be skipped",
                "8:name:same name as row 4 of this file (new " + n + "); would be skipped");
        assertThat(validated.json().get("records").isEmpty()).isTrue();
        assertThat(api.get("/api/companies?q=new%20" + n).json().get("items").size()).isZero(); // a dry run creates nothing

        Response done = run(api, id, "{}");
        assertThat(done.json().get("created").asLong()).as(done.toString()).isEqualTo(3);
        assertThat(done.json().get("duplicates").asLong()).isEqualTo(5);
        List<JsonNode> records = done.json().get("records").valueStream().toList();
        String created4 = company(api, records, 4).get("id").asString();
        String created6 = company(api, records, 6).get("id").asString();
        assertThat(errors(done)).containsExactly(
                "2:domain:duplicate of company " + existing + " (exist-" + n + ".com); skipped",
                "3:name:duplicate of company " + named + " (Named Only " + n + "); skipped",
                "5:domain:duplicate of company " + created4 + " (new-" + n + ".com); skipped",
                "7:name:duplicate of company " + created6 + " (Solo " + n + "); skipped",
                "8:name:duplicate of company " + created4 + " (New " + n + "); skipped");
        assertThat(company(api, records, 9).get("domain").asString()).isEqualTo("other-" + n + ".com");
        // a finished import cannot run again; the same file uploaded again creates nothing
        assertThat(api.post("/api/imports/" + id + "/run", "{}").status()).isEqualTo(409);
        String again = upload(api, csv.getBytes(StandardCharsets.UTF_8), "text/csv", "?recordType=companies").json().get("id").asString();
        Response rerun = run(api, again, "{}");
        assertThat(rerun.json().get("created").asLong()).as(rerun.toString()).isZero();
        assertThat(rerun.json().get("duplicates").asLong()).isEqualTo(8);
        assertThat(api.get("/api/companies?q=new%20" + n).json().get("items").size()).isEqualTo(2); // rows 4 and 9
        assertThat(api.get("/api/companies?q=solo%20" + n).json().get("items").size()).isEqualTo(1);
        for (String companyId : List.of(created4, created6)) {
            events.awaitEvent(ofType("pulse.company.created.v1", companyId));
            assertThat(events.distinctEvents()).filteredOn(e -> companyId.equals(e.subject())).hasSize(1);
        }
        // the choice to import duplicates anyway
        String forced = upload(api, ("Company,Website\nForced " + n + ",new-" + n + ".com\n").getBytes(StandardCharsets.UTF_8),
                "text/csv", "?recordType=companies").json().get("id").asString();
        Response forcedDone = run(api, forced, "{\"allowDuplicates\":true}");
        assertThat(forcedDone.json().get("created").asLong()).as(forcedDone.toString()).isEqualTo(1);
        assertThat(company(api, forcedDone.json().get("records").valueStream().toList(), 2).get("domain").asString())
                .isEqualTo("new-" + n + ".com");
    }

    @Test
    void aCompanyImportWhoseReplicaDiedIsResumedWithoutCreatingARowTwice() {
        String n = Long.toString(System.nanoTime());
        String csv = "name,domain\nR1 " + n + ",r1-" + n + ".com\nR2 " + n + ",\nR3 " + n + ",r3-" + n + ".com\n";
        String id = upload(api, csv.getBytes(StandardCharsets.UTF_8), "text/csv", "?recordType=companies").json().get("id").asString();
        ImportJob job = mongo.findById(id, ImportJob.class);
        // the dead replica had created row 2's company but not yet saved its checkpoint
        String row2 = ImportIds.recordId(id, job.createdAt(), 2);
        store.save(Company.create(row2, new CompanyDetails("R1 " + n, "r1-" + n + ".com", null, null, null,
                TestIdentity.ADMIN, Map.of(), null, null, false), Instant.now()));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("status", "running").set("mode", "run")
                .set("mapping", List.of(new ImportJob.ColumnMapping("name", "name"), new ImportJob.ColumnMapping("domain", "domain")))
                .set("claimedBy", "dead-replica").set("heartbeatAt", Instant.now().minus(Duration.ofHours(1))), ImportJob.class);

        Response completed = awaitStatus(api, id, "completed");
        assertThat(completed.json().get("created").asLong()).as(completed.toString()).isEqualTo(3);
        assertThat(completed.json().get("duplicates").asLong()).isZero();
        for (String row : List.of("r1", "r2", "r3")) {
            assertThat(api.get("/api/companies?q=" + row + "%20" + n).json().get("items").size()).as(row).isEqualTo(1);
        }
    }

    @Test
    void anUnknownRecordTypeOrAMissingNameMappingIsRefusedSayingWhat() {
        Response unknown = upload(api, "Company\nAcme\n".getBytes(StandardCharsets.UTF_8), "text/csv", "?recordType=deals");
        assertProblem(unknown, "recordType", "[contacts, companies, activities]");
        assertThat(unknown.body()).contains("must be one of");
        String id = upload(api, "Company,Website\nAcme,acme.com\n".getBytes(StandardCharsets.UTF_8), "text/csv",
                "?recordType=companies").json().get("id").asString();
        Response noName = api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"Website\":\"domain\"}}");
        assertProblem(noName, "mapping", "a column must be mapped to name");
        Response contactField = api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"Company\":\"name\",\"Website\":\"email\"}}");
        assertProblem(contactField, "mapping", "'email' is not an importable field [name, domain, phone, industry, size, tags, ownerId, street");
        assertThat(api.get("/api/imports/" + id).json().get("status").asString()).isEqualTo("uploaded");
    }

    @Test
    void employeeCountsBecomeTheSizeBucketTheyFallIn() {
        assertThat(CompanyRows.size("1")).isEqualTo("1-10");
        assertThat(CompanyRows.size("11")).isEqualTo("11-50");
        assertThat(CompanyRows.size("200")).isEqualTo("51-200");
        assertThat(CompanyRows.size("1 200")).isEqualTo("1001-5000");
        assertThat(CompanyRows.size("12,000")).isEqualTo("5001+");
        assertThat(CompanyRows.size("201 - 500")).isEqualTo("201-500");
        assertThat(CompanyRows.size("5001+")).isEqualTo("5001+");
        assertThat(CompanyRows.size("1.5")).isEqualTo("1.5");
        assertThat(CompanyRows.size("many")).isEqualTo("many");
    }

    private Map<String, String> suggested(String header) {
        Response uploaded = upload(api, (header + String.join(",", java.util.Collections.nCopies(header.split(",").length, "x")) + "\n")
                .getBytes(StandardCharsets.UTF_8), "text/csv", "?recordType=companies");
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        return map(uploaded.json().get("suggestedMapping"));
    }

    /** The company the job's report names for a row, as the API shows it. */
    private static JsonNode company(ApiClient client, List<JsonNode> records, long row) {
        String id = records.stream().filter(r -> r.get("row").asLong() == row).findFirst().orElseThrow().get("id").asString();
        Response company = client.get("/api/companies/" + id);
        assertThat(company.status()).as(company.toString()).isEqualTo(200);
        return company.json();
    }
}

package io.pulsecrm.contacts.imports;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

class ContactImportTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    @Autowired
    MongoTemplate mongo;
    @Autowired
    AggregateStore store;

    private static final Map<String, String> CSV = Map.of("Content-Type", "text/csv");

    @Test
    void aDryRunReportsEveryRowThenTheRunCreatesContactsLikeTheApi() {
        String n = Long.toString(System.nanoTime());
        assertThat(api.post("/api/contacts", "{\"firstName\":\"Known\",\"email\":\"known-" + n + "@example.com\"}").status()).isEqualTo(201);
        String csv = "\uFEFFFirst Name,Last Name,E-mail,Tags,Birthday,Ignored\r\n"
                + "Ann,Smith,ann-" + n + "@example.com,vip;imported,1990-02-03,x\r\n"
                + "Bad,Email,not-an-email,,,x\r\n"
                + "\"Multi, Line\",\"Name \"\"Q\"\"\",multi-" + n + "@example.com,,,\"ignored\nsecond line\"\n"
                + "Dup,Licate,KNOWN-" + n + "@example.com,,,x\n"
                + "Short,Row\n"
                + ",NoFirstName,nofirst-" + n + "@example.com,,1990-99-99,x\n"
                + "\n"
                + "Last,Row,last-" + n + "@example.com,,,\"unterminated\n";
        Response uploaded = api.send("POST", "/api/imports?fileName=people.csv", csv, CSV);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String id = uploaded.json().get("id").asString();
        assertThat(uploaded.json().get("columns").valueStream().map(c -> c.asString()).toList())
                .containsExactly("First Name", "Last Name", "E-mail", "Tags", "Birthday", "Ignored");

        Response dry = api.post("/api/imports/" + id + "/dry-run", "{}");
        assertThat(dry.status()).as(dry.toString()).isEqualTo(202);
        Response validated = awaitStatus(id, "validated");
        assertThat(validated.json().get("mode").asString()).isEqualTo("dry_run");
        assertThat(validated.json().get("rowsProcessed").asLong()).isEqualTo(7);
        assertThat(validated.json().get("created").asLong()).isEqualTo(2);
        assertThat(validated.json().get("duplicates").asLong()).isEqualTo(1);
        assertThat(validated.json().get("failed").asLong()).isEqualTo(4);
        var errors = validated.json().get("rowErrors");
        assertThat(errors.valueStream().map(e -> e.get("row").asLong() + ":" + (e.get("field").isNull() ? "-" : e.get("field").asString())).toList())
                .containsExactlyInAnyOrder("3:email", "5:email", "6:-", "7:firstName", "7:birthday", "8:-");
        assertThat(api.get("/api/contacts?q=ann-" + n).json().get("items").size()).isZero(); // a dry run creates nothing

        Response run = api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"First Name\":\"firstName\",\"Last Name\":\"lastName\",\"E-mail\":\"email\",\"Tags\":\"tags\"}}");
        assertThat(run.status()).as(run.toString()).isEqualTo(202);
        Response completed = awaitStatus(id, "completed");
        assertThat(completed.json().get("created").asLong()).isEqualTo(2);
        assertThat(completed.json().get("duplicates").asLong()).isEqualTo(1);
        assertThat(completed.json().get("failed").asLong()).isEqualTo(4); // row 7 still lacks a first name

        var ann = api.get("/api/contacts?q=ann-" + n).json().get("items").get(0);
        assertThat(ann.get("source").asString()).isEqualTo("import");
        assertThat(ann.get("tags").valueStream().map(t -> t.asString()).toList()).containsExactly("vip", "imported");
        var multi = api.get("/api/contacts?q=multi-" + n).json().get("items").get(0);
        assertThat(multi.get("firstName").asString()).isEqualTo("Multi, Line");
        assertThat(multi.get("lastName").asString()).isEqualTo("Name \"Q\"");
        events.awaitEvent(ofType("pulse.contact.created.v1", ann.get("id").asString()));

        assertThat(api.post("/api/imports/" + id + "/run", "{}").status()).isEqualTo(409);
        assertThat(api.post("/api/imports/" + id + "/cancel", null).status()).isEqualTo(409);
    }

    @Test
    void importsTakeFilesLargerThanOtherRequestsUpToTheirOwnLimit() {
        String row = "Ada,ada@example.com\n";
        String twoMegabytes = "Name,Mail\n" + row.repeat(2 * 1024 * 1024 / row.length());
        String fourMegabytes = twoMegabytes + row.repeat(2 * 1024 * 1024 / row.length());

        Response accepted = api.send("POST", "/api/imports?fileName=big.csv", twoMegabytes, CSV);
        assertThat(accepted.status()).as(accepted.toString()).isBetween(200, 202);
        Response oversize = api.send("POST", "/api/imports?fileName=huge.csv", fourMegabytes, CSV);
        assertThat(oversize.status()).isEqualTo(413);
        assertThat(oversize.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.post("/api/contacts", "{\"firstName\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").status())
                .isEqualTo(413);
    }

    @Test
    void badUploadsMappingsAndStatesAreRefused() {
        assertThat(api.send("POST", "/api/imports", "", CSV).status()).isEqualTo(400);
        assertThat(api.send("POST", "/api/imports", "a,a\n1,2\n", CSV).status()).isEqualTo(400);
        assertThat(api.get("/api/imports/nope").status()).isEqualTo(404);
        String id = api.send("POST", "/api/imports", "Name,Mail\nA,a@example.com\n", CSV).json().get("id").asString();
        Response noFirstName = api.post("/api/imports/" + id + "/run", "{}");
        assertThat(noFirstName.status()).isEqualTo(400);
        assertThat(api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"Name\":\"firstName\",\"Mail\":\"$where\"}}").status()).isEqualTo(400);
        assertThat(api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"Nope\":\"firstName\"}}").status()).isEqualTo(400);
        Response cancelled = api.post("/api/imports/" + id + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(api.post("/api/imports/" + id + "/run", "{\"mapping\":{\"Name\":\"firstName\"}}").status()).isEqualTo(409);
    }

    @Test
    void anImportWhoseReplicaDiedIsResumedWithoutCreatingARowTwice() {
        String n = Long.toString(System.nanoTime());
        String csv = "firstName,email\nR1," + "r1-" + n + "@example.com\nR2,r2-" + n + "@example.com\nR3,r3-" + n + "@example.com\n";
        String id = api.send("POST", "/api/imports", csv, CSV).json().get("id").asString();
        ImportJob job = mongo.findById(id, ImportJob.class);
        // the dead replica had created row 2's contact but not yet saved its checkpoint
        store.save(Contact.create(ImportIds.contactId(id, job.createdAt(), 2),
                ContactDetails.basic("R1", null, "r1-" + n + "@example.com", null, null), Instant.now()));
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("status", "running").set("mode", "run")
                .set("mapping", List.of(new ImportJob.ColumnMapping("firstName", "firstName"), new ImportJob.ColumnMapping("email", "email")))
                .set("claimedBy", "dead-replica").set("heartbeatAt", Instant.now().minus(Duration.ofHours(1))), ImportJob.class);

        Response completed = awaitStatus(id, "completed");
        assertThat(completed.json().get("created").asLong()).isEqualTo(3);
        assertThat(completed.json().get("duplicates").asLong()).isZero();
        for (String row : List.of("r1", "r2", "r3")) {
            assertThat(api.get("/api/contacts?q=" + row + "-" + n).json().get("items").size()).as(row).isEqualTo(1);
        }
    }

    @Test
    void aCancelledRunStopsAtItsNextCheckpoint() {
        String n = Long.toString(System.nanoTime());
        StringBuilder csv = new StringBuilder("firstName,email\n");
        for (int i = 0; i < 250; i++) {
            csv.append("C").append(i).append(",cancel-").append(n).append('-').append(i).append("@example.com\n");
        }
        String id = api.send("POST", "/api/imports", csv.toString(), CSV).json().get("id").asString();
        // a run under way (claimed by a replica that stopped) for which a cancel was requested
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("status", "running").set("mode", "run")
                .set("mapping", List.of(new ImportJob.ColumnMapping("firstName", "firstName"), new ImportJob.ColumnMapping("email", "email")))
                .set("claimedBy", "dead-replica").set("heartbeatAt", Instant.now().minus(Duration.ofHours(1))), ImportJob.class);
        assertThat(api.post("/api/imports/" + id + "/cancel", null).json().get("status").asString()).isEqualTo("running");

        Response cancelled = awaitStatus(id, "cancelled");
        assertThat(cancelled.json().get("created").asLong()).isEqualTo(100); // one batch, then the checkpoint saw the cancel
        assertThat(api.get("/api/contacts?limit=200&q=cancel-" + n).json().get("items").size()).isEqualTo(100);
        assertThat(mongo.count(Query.query(Criteria.where("jobId").is(id)), ImportJob.CHUNKS)).isZero();
    }

    @Test
    void aDryRunReportsRowsThatDuplicateEarlierRowsOfTheSameFile() {
        String n = Long.toString(System.nanoTime());
        String csv = "firstName,email,phone\n"
                + "One,one-" + n + "@example.com,\n"
                + "Two,two-" + n + "@example.com,+44 113 496 0" + n.substring(n.length() - 3) + "\n"
                + "Again,ONE-" + n + "@example.com,\n"                               // same email as row 2
                + "Bad,not-an-email,+44 113 496 0" + n.substring(n.length() - 3) + "\n" // invalid: not a duplicate
                + "Phone,three-" + n + "@example.com,+44 (113) 496-0" + n.substring(n.length() - 3) + "\n" // phone of row 3
                + "Four,four-" + n + "@example.com,\n";
        String id = api.send("POST", "/api/imports", csv, CSV).json().get("id").asString();

        assertThat(api.post("/api/imports/" + id + "/dry-run", "{}").status()).isEqualTo(202);
        Response validated = awaitStatus(id, "validated");
        assertThat(validated.json().get("created").asLong()).isEqualTo(3);
        assertThat(validated.json().get("duplicates").asLong()).isEqualTo(2);
        assertThat(validated.json().get("failed").asLong()).isEqualTo(1);
        var errors = validated.json().get("rowErrors");
        assertThat(errors.valueStream().map(e -> e.get("row").asLong() + ":" + e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("4:email", "5:email", "6:phone");
        assertThat(errors.valueStream().filter(e -> e.get("row").asLong() == 4).findFirst().orElseThrow().get("message").asString())
                .contains("row 2").contains("one-" + n + "@example.com");
        assertThat(errors.valueStream().filter(e -> e.get("row").asLong() == 6).findFirst().orElseThrow().get("message").asString())
                .contains("row 3");
        assertThat(mongo.count(Query.query(Criteria.where("jobId").is(id)), ImportRowKeys.COLLECTION)).isZero();

        // the run then skips exactly those rows: the earlier row's contact exists by the time the later one comes
        assertThat(api.post("/api/imports/" + id + "/run", "{}").status()).isEqualTo(202);
        Response completed = awaitStatus(id, "completed");
        assertThat(completed.json().get("created").asLong()).isEqualTo(3);
        assertThat(completed.json().get("duplicates").asLong()).isEqualTo(2);
        // with allowDuplicates a dry run reports none
        String again = api.send("POST", "/api/imports", csv.replace(n, n + "x"), CSV).json().get("id").asString();
        assertThat(api.post("/api/imports/" + again + "/dry-run", "{\"allowDuplicates\":true}").status()).isEqualTo(202);
        assertThat(awaitStatus(again, "validated").json().get("duplicates").asLong()).isZero();
    }

    @Test
    void rowsHandledSeveralAtOnceStillLetTheFirstRowOfAFileWithAValueWin() {
        String n = Long.toString(System.nanoTime());
        StringBuilder csv = new StringBuilder("firstName,email\n");
        List<Long> repeatingRows = new java.util.ArrayList<>();
        for (int i = 0; i < 230; i++) {
            // every tenth row repeats the email of the row five before it (the same batch of 100, or the one before)
            int emailOf = i % 10 == 9 ? i - 5 : i;
            if (emailOf != i) {
                repeatingRows.add(i + 2L);
            }
            csv.append("Row").append(i).append(",first-").append(n).append('-').append(emailOf).append("@example.com\n");
        }
        String id = api.send("POST", "/api/imports", csv.toString(), CSV).json().get("id").asString();
        assertThat(api.post("/api/imports/" + id + "/run", "{}").status()).isEqualTo(202);

        Response completed = awaitStatus(id, "completed");
        assertThat(completed.json().get("created").asLong()).isEqualTo(230 - repeatingRows.size());
        assertThat(completed.json().get("duplicates").asLong()).isEqualTo(repeatingRows.size());
        assertThat(completed.json().get("rowErrors").valueStream().map(e -> e.get("row").asLong()).toList())
                .containsExactlyElementsOf(repeatingRows); // in file order
        for (long row : repeatingRows) {
            int first = (int) row - 2 - 5;
            var holders = api.get("/api/contacts?q=first-" + n + "-" + first + "@").json().get("items");
            assertThat(holders.size()).as("row %d", row).isEqualTo(1);
            assertThat(holders.get(0).get("firstName").asString()).isEqualTo("Row" + first);
        }
    }

    @Test
    void customFieldsAreImportedAndExportedInTheirTextForm() {
        String p = "i" + System.nanoTime() % 1_000_000_000L;
        for (String definition : List.of(
                "{\"key\":\"" + p + "Seats\",\"label\":\"Seats " + p + "\",\"type\":\"number\"}",
                "{\"key\":\"" + p + "Budget\",\"label\":\"Budget " + p + "\",\"type\":\"money\"}",
                "{\"key\":\"" + p + "Products\",\"label\":\"Products\",\"type\":\"multi_select\",\"options\":[\"crm\",\"bi\"]}",
                "{\"key\":\"" + p + "Vip\",\"label\":\"VIP\",\"type\":\"boolean\"}")) {
            assertThat(api.post("/api/custom-fields", definition).status()).isEqualTo(201);
        }
        String tag = "cfimport-" + p.toLowerCase();
        // columns found by label ("Seats <p>"), by key, and as cf.<key>
        String csv = "First Name,Tags,Seats " + p + "," + p + "Budget,cf." + p + "Products,cf." + p + "Vip\n"
                + "Ann," + tag + ",12,1200.50 EUR,crm;bi,yes\n"
                + "Bob," + tag + ",-3,USD 7,bi,no\n"
                + "Bad," + tag + ",many,12 euros,erp,maybe\n"
                + "Empty," + tag + ",,,,\n";
        String id = api.send("POST", "/api/imports", csv, CSV).json().get("id").asString();
        assertThat(api.post("/api/imports/" + id + "/run", "{}").status()).isEqualTo(202);
        Response completed = awaitStatus(id, "completed");
        assertThat(completed.json().get("mapping").valueStream().map(m -> m.get("field").asString()).toList())
                .contains("cf." + p + "Seats", "cf." + p + "Budget", "cf." + p + "Products", "cf." + p + "Vip");
        assertThat(completed.json().get("created").asLong()).isEqualTo(3);
        assertThat(completed.json().get("rowErrors").valueStream().map(e -> e.get("row").asLong() + ":" + e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("4:customFields." + p + "Seats", "4:customFields." + p + "Budget",
                        "4:customFields." + p + "Products", "4:customFields." + p + "Vip");

        var ann = api.get("/api/contacts?q=ann&tag=" + tag).json().get("items").get(0);
        assertThat(ann.at("/customFields/" + p + "Seats").asDouble()).isEqualTo(12.0);
        assertThat(ann.at("/customFields/" + p + "Budget/currency").asString()).isEqualTo("EUR");
        assertThat(ann.at("/customFields/" + p + "Products").valueStream().map(v -> v.asString()).toList()).containsExactly("crm", "bi");
        assertThat(ann.at("/customFields/" + p + "Vip").asBoolean()).isTrue();

        List<String> lines = api.get("/api/contacts/export?tag=" + tag).body().lines().toList();
        List<String> header = List.of(lines.getFirst().split(","));
        assertThat(header).contains("cf." + p + "Seats", "cf." + p + "Budget", "cf." + p + "Products", "cf." + p + "Vip");
        String annLine = lines.stream().filter(l -> l.contains(",Ann,")).findFirst().orElseThrow();
        String bobLine = lines.stream().filter(l -> l.contains(",Bob,")).findFirst().orElseThrow();
        List<String> annCells = List.of(annLine.split(",", -1));
        List<String> bobCells = List.of(bobLine.split(",", -1));
        assertThat(annCells.get(header.indexOf("cf." + p + "Seats"))).isEqualTo("12");
        assertThat(annCells.get(header.indexOf("cf." + p + "Budget"))).isEqualTo("1200.5 EUR");
        assertThat(annCells.get(header.indexOf("cf." + p + "Products"))).isEqualTo("crm;bi");
        assertThat(annCells.get(header.indexOf("cf." + p + "Vip"))).isEqualTo("true");
        assertThat(bobCells.get(header.indexOf("cf." + p + "Seats"))).isEqualTo("-3"); // a number, not a formula
        assertThat(bobCells.get(header.indexOf("cf." + p + "Budget"))).isEqualTo("7 USD");

        // what was exported imports again as it was
        String reimport = api.send("POST", "/api/imports", String.join("\n", lines).replace(tag, tag + "-again"), CSV).json().get("id").asString();
        assertThat(api.post("/api/imports/" + reimport + "/run", "{\"allowDuplicates\":true}").status()).isEqualTo(202);
        assertThat(awaitStatus(reimport, "completed").json().get("failed").asLong()).isZero();
        var annAgain = api.get("/api/contacts?q=ann&tag=" + tag + "-again").json().get("items").get(0);
        assertThat(annAgain.get("customFields")).isEqualTo(ann.get("customFields"));

        Response unknown = api.post("/api/imports/" + api.send("POST", "/api/imports", "First Name,X\nA,1\n", CSV).json().get("id").asString() + "/run",
                "{\"mapping\":{\"First Name\":\"firstName\",\"X\":\"cf.nothing\"}}");
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void utmColumnsAreImportedAsTheContactsAcquisitionAndExportedBack() {
        String tag = "utm-" + System.nanoTime();
        String csv = "First Name,Tags,utm_source,UTM Campaign,utm_medium,Referrer,Landing Page\n"
                + "Una," + tag + ",fair,booth-12,offline,https://fair.example/,https://pulse.example/fair\n"
                + "Long," + tag + "," + "s".repeat(201) + ",,,,\n"
                + "Bad," + tag + ",,,,ftp://fair.example/,\n";
        String id = api.send("POST", "/api/imports", csv, CSV).json().get("id").asString();
        assertThat(api.post("/api/imports/" + id + "/run", "{}").status()).isEqualTo(202);
        Response completed = awaitStatus(id, "completed");
        assertThat(completed.json().get("mapping").valueStream().map(m -> m.get("field").asString()).toList())
                .contains("utmSource", "utmCampaign", "utmMedium", "referrer", "landingPage");
        assertThat(completed.json().get("created").asLong()).isEqualTo(1);
        assertThat(completed.json().get("rowErrors").valueStream().map(e -> e.get("row").asLong() + ":" + e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("3:acquisition.utmSource", "4:acquisition.referrer");

        var una = api.get("/api/contacts?tag=" + tag).json().get("items").get(0);
        assertThat(una.at("/acquisition/utmSource").asString()).isEqualTo("fair");
        assertThat(una.at("/acquisition/utmCampaign").asString()).isEqualTo("booth-12");
        assertThat(una.at("/acquisition/landingPage").asString()).isEqualTo("https://pulse.example/fair");

        List<String> lines = api.get("/api/contacts/export?tag=" + tag).body().lines().toList();
        List<String> header = List.of(lines.getFirst().split(","));
        List<String> cells = List.of(lines.get(1).split(",", -1));
        assertThat(cells.get(header.indexOf("utmSource"))).isEqualTo("fair");
        assertThat(cells.get(header.indexOf("utmMedium"))).isEqualTo("offline");
        assertThat(cells.get(header.indexOf("referrer"))).isEqualTo("https://fair.example/");
    }

    private Response awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/imports/" + id), r -> r.json().get("status").asString().equals(status));
    }
}

package io.pulsecrm.contacts.files;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static io.pulsecrm.platform.test.TestIdentity.EAST_MANAGER;
import static io.pulsecrm.platform.test.TestIdentity.EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.files.FileOwner;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.RawHttp;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Files on contacts and companies over a real socket: the round trip, the refusals, visibility, erasure and delete. */
class RecordFilesTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC, Company.TOPIC);

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R',
            0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89};

    @Autowired
    FileStore files;

    private String contact(ApiClient as) {
        Response created = as.post("/api/contacts", "{\"firstName\":\"Fay\",\"lastName\":\"Files" + System.nanoTime() + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/" + type);
    }

    @Test
    void aFileRoundTripsWithItsCyrillicNameAndIsAnnouncedOnTheContactAndItsTimeline() throws Exception {
        String id = contact(api);
        String base = "/api/contacts/" + id + "/files";

        Response uploaded = api.upload(base, "Договор №1.pdf", "application/pdf", PDF);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        JsonNode file = uploaded.json();
        String fileId = file.get("id").asString();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF));
        assertThat(file.get("filename").asString()).isEqualTo("Договор №1.pdf");
        assertThat(file.get("contentType").asString()).isEqualTo("application/pdf");
        assertThat(file.get("size").asLong()).isEqualTo(PDF.length);
        assertThat(file.get("sha256").asString()).isEqualTo(sha);
        assertThat(file.get("uploadedBy").asString()).isEqualTo("alex");
        assertThat(uploaded.header("Location")).isEqualTo(base + "/" + fileId);

        Response list = api.get(base);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(1);
        assertThat(list.json().get("items").get(0).get("id").asString()).isEqualTo(fileId);
        Response metadata = api.get(base + "/" + fileId);
        assertThat(metadata.json().get("filename").asString()).isEqualTo("Договор №1.pdf");
        assertThat(metadata.header("ETag")).isEqualTo("\"" + sha + "\"");

        HttpResponse<byte[]> download = api.download(base + "/" + fileId + "/content");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(PDF);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(download.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
        String disposition = download.headers().firstValue("Content-Disposition").orElseThrow();
        assertThat(disposition).startsWith("attachment;");
        assertThat(URLDecoder.decode(disposition.substring(disposition.indexOf("UTF-8''") + 7), StandardCharsets.UTF_8))
                .isEqualTo("Договор №1.pdf");
        assertThat(api.send("GET", base + "/" + fileId + "/content", null, Map.of("If-None-Match", "\"" + sha + "\"")).status())
                .isEqualTo(304);

        EventEnvelope attached = events.awaitEvent(ofType("pulse.contact.file_attached.v1", id));
        assertThat(attached.data().get("file").get("filename").asString()).isEqualTo("Договор №1.pdf");
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.get("/api/contacts/" + id + "/timeline").json().get("items"))
                .anySatisfy(entry -> {
                    assertThat(entry.get("type").asString()).isEqualTo("file_attached");
                    assertThat(entry.get("subject").asString()).isEqualTo("Договор №1.pdf");
                }));

        assertThat(api.delete(base + "/" + fileId, Map.of()).status()).isEqualTo(204);
        assertThat(api.get(base).json().get("items")).isEmpty();
        assertProblem(api.get(base + "/" + fileId + "/content"), 404, "not-found");
        assertProblem(api.delete(base + "/" + fileId, Map.of()), 404, "not-found");
        events.awaitEvent(ofType("pulse.contact.file_removed.v1", id));
        assertThat(events.records()).filteredOn(r -> id.equals(r.key()))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
    }

    @Test
    void refusedUploadsSayWhyAndLeaveNothing() {
        String id = contact(api);
        String base = "/api/contacts/" + id + "/files";

        Response mislabelled = api.upload(base, "photo.png", "image/png", PDF);
        assertProblem(mislabelled, 415, "file-type-mismatch");
        assertThat(mislabelled.json().get("declaredType").asString()).isEqualTo("image/png");
        assertThat(mislabelled.json().get("detectedType").asString()).isEqualTo("application/pdf");

        byte[] exe = new byte[256];
        exe[0] = 'M';
        exe[1] = 'Z';
        assertProblem(api.upload(base, "invoice.pdf", "application/pdf", exe), 415, "file-executable");
        assertProblem(api.upload(base, "page.html", "text/html",
                "<!DOCTYPE html><html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8)), 415, "file-type-not-allowed");
        assertProblem(api.upload(base, "empty.pdf", "application/pdf", new byte[0]), 422, "file-empty");

        // just over the 25MB file limit: refused while the multipart body is read
        byte[] big = new byte[25 * 1024 * 1024 + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        Response oversize = api.upload(base, "big.pdf", "application/pdf", big);
        assertProblem(oversize, 413, "file-too-large");
        assertThat(oversize.json().get("maxBytes").asLong()).isEqualTo(25L * 1024 * 1024);
        // a body over the request limit is refused on its declared length, before it is read
        RawHttp.Reply tooLong = new RawHttp(URI.create("http://127.0.0.1:" + port)).send("POST", base,
                Map.of("Authorization", "Bearer " + TestIdentity.shared().tokenFor(TestIdentity.ADMIN),
                        "Content-Type", "multipart/form-data; boundary=x"), new byte[27 * 1024 * 1024]);
        assertThat(tooLong.status()).as(tooLong.describe()).isEqualTo(413);
        assertThat(tooLong.header("Content-Type")).startsWith("application/problem+json");

        Response noFile = api.sendBytes("POST", base, "--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nv\r\n--x--\r\n"
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "multipart/form-data; boundary=x"));
        assertThat(noFile.status()).as(noFile.toString()).isEqualTo(400);
        assertThat(api.sendBytes("POST", base, PDF, Map.of("Content-Type", "application/pdf")).status()).isEqualTo(415);

        assertThat(api.get(base).json().get("items")).isEmpty();
        assertThat(files.list(new FileOwner("contact", id))).isEmpty();
    }

    @Test
    void filesFollowTheirRecordsVisibility() {
        String adas = contact(apiAs(EAST_REP));
        String base = "/api/contacts/" + adas + "/files";
        Response uploaded = apiAs(EAST_REP).upload(base, "notes.txt", "text/plain", "call back".getBytes(StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String fileId = uploaded.json().get("id").asString();
        assertThat(uploaded.json().get("uploadedBy").asString()).isEqualTo(EAST_REP);

        // her manager sees them; a rep of another team gets the contact's 404 for everything
        assertThat(apiAs(EAST_MANAGER).get(base).json().get("items")).hasSize(1);
        ApiClient cleo = apiAs(WEST_REP);
        assertProblem(cleo.get(base), 404, "not-found");
        assertProblem(cleo.get(base + "/" + fileId), 404, "not-found");
        assertProblem(cleo.get(base + "/" + fileId + "/content"), 404, "not-found");
        assertProblem(cleo.upload(base, "x.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)), 404, "not-found");
        assertProblem(cleo.delete(base + "/" + fileId, Map.of()), 404, "not-found");

        // a file is reached only through its own record, and unknown records are 404 too
        String other = contact(api);
        assertProblem(api.get("/api/contacts/" + other + "/files/" + fileId), 404, "not-found");
        assertProblem(api.delete("/api/contacts/" + other + "/files/" + fileId, Map.of()), 404, "not-found");
        assertProblem(api.get("/api/contacts/no-such-contact/files"), 404, "not-found");
        assertProblem(api.upload("/api/contacts/no-such-contact/files", "a.pdf", "application/pdf", PDF), 404, "not-found");
        assertThat(apiAs(EAST_REP).get(base).json().get("items")).hasSize(1);
    }

    @Test
    void companiesHaveFilesTooAndADeletedCompanyTakesThemAlong() {
        Response company = api.post("/api/companies", "{\"name\":\"Files Co " + System.nanoTime() + "\"}");
        assertThat(company.status()).as(company.toString()).isEqualTo(201);
        String id = company.json().get("id").asString();
        Response uploaded = api.upload("/api/companies/" + id + "/files", "logo.png", null, PNG);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().get("contentType").asString()).isEqualTo("image/png");
        assertThat(api.get("/api/companies/" + id + "/files").json().get("items")).hasSize(1);
        EventEnvelope attached = events.awaitEvent(ofType("pulse.company.file_attached.v1", id));
        EventSchemaValidator.assertValid(events.records().stream()
                .filter(r -> r.value().contains(attached.id())).findFirst().orElseThrow().value());

        Response current = api.get("/api/companies/" + id);
        assertThat(api.delete("/api/companies/" + id, Map.of("If-Match", current.header("ETag"))).status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> files.list(new FileOwner("company", id)).isEmpty());
    }

    @Test
    void erasureRemovesAContactsFilesBeforeItAnswersAndDeletingAContactRemovesThemSoon() {
        String erased = contact(api);
        assertThat(api.upload("/api/contacts/" + erased + "/files", "passport.pdf", "application/pdf", PDF).status()).isEqualTo(201);
        assertThat(files.list(new FileOwner("contact", erased))).hasSize(1);
        assertThat(api.post("/api/contacts/" + erased + "/erase", null).status()).isEqualTo(204);
        assertThat(files.list(new FileOwner("contact", erased))).isEmpty();

        String deleted = contact(api);
        assertThat(api.upload("/api/contacts/" + deleted + "/files", "a.pdf", "application/pdf", PDF).status()).isEqualTo(201);
        Response current = api.get("/api/contacts/" + deleted);
        assertThat(api.delete("/api/contacts/" + deleted, Map.of("If-Match", current.header("ETag"))).status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> files.list(new FileOwner("contact", deleted)).isEmpty());
    }

    @Test
    void aMergedContactsFilesMoveToTheSurvivor() {
        String survivor = contact(api);
        String merged = contact(api);
        String fileId = api.upload("/api/contacts/" + merged + "/files", "cv.pdf", "application/pdf", PDF).json().get("id").asString();
        Response current = api.get("/api/contacts/" + survivor);
        Response merge = api.post("/api/contacts/" + survivor + "/merge", "{\"mergeIds\":[\"" + merged + "\"]}",
                Map.of("If-Match", current.header("ETag")));
        assertThat(merge.status()).as(merge.toString()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.get("/api/contacts/" + survivor + "/files").json().get("items"))
                .anySatisfy(file -> assertThat(file.get("id").asString()).isEqualTo(fileId)));
        assertThat(api.download("/api/contacts/" + survivor + "/files/" + fileId + "/content").body()).isEqualTo(PDF);
    }
}

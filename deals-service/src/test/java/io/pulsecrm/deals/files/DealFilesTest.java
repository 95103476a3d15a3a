package io.pulsecrm.deals.files;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static io.pulsecrm.platform.test.TestIdentity.EAST_REP;
import static io.pulsecrm.platform.test.TestIdentity.WEST_REP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.files.StoredFile;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Files on deals over a real socket: round trip, events with the deal's state, refusals, visibility, deletion. */
class DealFilesTest extends DealsApiTestBase {

    private static final byte[] PDF = ("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Autowired
    FileStore files;
    @Autowired
    DealFiles dealFiles;

    private JsonNode deal(String pipelineId) {
        Response created = apiAs(EAST_REP).post("/api/deals", """
                {"title":"Files deal","pipelineId":"%s","amount":10,"currency":"EUR","contacts":[{"contactId":"c-files"}]}"""
                .formatted(pipelineId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static void assertProblemType(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/" + type);
    }

    @Test
    void aQuoteRoundTripsAndItsEventsCarryTheDeal() {
        JsonNode pipeline = createSalesPipeline("Files " + System.nanoTime());
        String id = deal(pipeline.get("id").asString()).get("id").asString();
        String base = "/api/deals/" + id + "/files";

        Response uploaded = apiAs(EAST_REP).upload(base, "Quote Q-1.pdf", "application/pdf", PDF);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        String fileId = uploaded.json().get("id").asString();
        assertThat(api.get(base).json().get("items")).hasSize(1);
        HttpResponse<byte[]> download = apiAs(EAST_REP).download(base + "/" + fileId + "/content");
        assertThat(download.body()).isEqualTo(PDF);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"Quote Q-1.pdf\"; filename*=UTF-8''Quote%20Q-1.pdf");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        EventEnvelope attached = events.awaitEvent(ofType("pulse.deal.file_attached.v1", id));
        assertThat(attached.data().get("deal").get("title").asString()).isEqualTo("Files deal");
        assertThat(attached.data().get("file").get("id").asString()).isEqualTo(fileId);
        // the deal's fields did not change; its version did (the event is the deal's)
        assertThat(api.get("/api/deals/" + id).json().get("title").asString()).isEqualTo("Files deal");

        assertThat(apiAs(EAST_REP).delete(base + "/" + fileId, Map.of()).status()).isEqualTo(204);
        events.awaitEvent(ofType("pulse.deal.file_removed.v1", id));
        assertThat(events.records()).filteredOn(r -> id.equals(r.key()))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        assertThat(api.get(base).json().get("items")).isEmpty();
    }

    @Test
    void uploadsAreCheckedAndFollowTheDealsVisibility() {
        JsonNode pipeline = createSalesPipeline("Files refusals " + System.nanoTime());
        String id = deal(pipeline.get("id").asString()).get("id").asString();
        String base = "/api/deals/" + id + "/files";

        Response mislabelled = apiAs(EAST_REP).upload(base, "scan.pdf", "application/pdf",
                "not a pdf at all".getBytes(StandardCharsets.UTF_8));
        assertProblemType(mislabelled, 415, "file-type-mismatch");
        assertThat(mislabelled.json().get("detail").asString()).contains("application/pdf", "text/plain");
        byte[] big = new byte[25 * 1024 * 1024 + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        assertProblemType(apiAs(EAST_REP).upload(base, "big.pdf", "application/pdf", big), 413, "file-too-large");

        assertProblemType(apiAs(WEST_REP).get(base), 404, "not-found");
        assertProblemType(apiAs(WEST_REP).upload(base, "a.pdf", "application/pdf", PDF), 404, "not-found");
        assertProblemType(api.get("/api/deals/no-such-deal/files"), 404, "not-found");
        assertProblemType(api.get(base + "/not-a-file-id"), 404, "not-found");
        assertThat(files.list(DealFiles.owner(id))).isEmpty();
    }

    @Test
    void aGeneratedDocumentIsAttachedLikeAnUploadAndADeletedDealTakesItsFilesAlong() {
        JsonNode pipeline = createSalesPipeline("Files delete " + System.nanoTime());
        JsonNode deal = deal(pipeline.get("id").asString());
        String id = deal.get("id").asString();
        StoredFile document = dealFiles.attach(id, "Invoice 2026-0001.pdf", "application/pdf", new ByteArrayInputStream(PDF),
                "system:documents");
        assertThat(api.get("/api/deals/" + id + "/files").json().get("items").get(0).get("id").asString())
                .isEqualTo(document.id());
        events.awaitEvent(ofType("pulse.deal.file_attached.v1", id));

        Response current = api.get("/api/deals/" + id);
        assertThat(api.delete("/api/deals/" + id, Map.of("If-Match", current.header("ETag"))).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> files.list(DealFiles.owner(id)).isEmpty());
    }
}

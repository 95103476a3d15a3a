package io.pulsecrm.deals.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pulsecrm.deals.DealsApiTestBase;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.TestEvents;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.web.ErrorResponseException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Templates, PDF documents and their numbers, and emailing them, through the API over a real socket, with real Kafka,
 * the MongoDB store and a real SMTP server (GreenMail).
 */
class DocumentsApiTest extends DealsApiTestBase {

    private static final String CONTACT_TOPIC = "pulse.contacts.contact.v1";

    private static final String QUOTE_BODY = """
            <h1>{{document.name}} № {{document.number}}</h1>
            <p>{{document.date}} · {{deal.title}} · {{company.name}}</p>
            <p>Для: {{contact.name}} &lt;{{contact.email}}&gt; — გამარჯობა, {{owner.name}}</p>
            <table>{{#lineItems}}<tr><td>{{position}}</td><td>{{name}}</td><td>{{quantity}} {{unit}}</td><td>{{total}}</td></tr>{{/lineItems}}</table>
            <p>Total: {{totals.total}} · Region: {{deal.customFields.region}}</p>
            """;

    private String pipelineId;
    @Autowired
    private MongoTemplate mongo;
    @Autowired
    private DocumentTemplates templates;

    @BeforeEach
    void pipeline() {
        if (pipelineId == null) {
            pipelineId = createSalesPipeline("Documents " + UUID.randomUUID()).get("id").asString();
        }
    }

    @Test
    void adminsKeepTemplatesAndEveryoneReadsThem() {
        Response created = api.post("/api/document-templates", template("quote", "Quote EN", QUOTE_BODY));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode template = created.json();
        assertThat(template.get("kind").asString()).isEqualTo("quote");
        assertThat(template.get("locale").asString()).isEqualTo("ru");
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        String id = template.get("id").asString();

        // reps read (to generate) but do not write
        assertThat(apiAs("ada").get("/api/document-templates/" + id).status()).isEqualTo(200);
        assertThat(apiAs("ada").get("/api/document-templates?kind=quote").json().get("items").valueStream()
                .map(t -> t.get("id").asString())).contains(id);
        assertProblem(apiAs("ada").post("/api/document-templates", template("quote", "Mine", "<p>x</p>")), 403, "");
        assertThat(apiAs("ada").send("PUT", "/api/document-templates/" + id, template("quote", "Mine", "<p>x</p>"),
                json("\"0\"")).status()).isEqualTo(403);

        // optimistic locking: a change from a stale version is a 409, a change without If-Match a 428
        Response changed = api.send("PUT", "/api/document-templates/" + id, template("quote", "Quote EN v2", QUOTE_BODY),
                json("\"0\""));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("version").asLong()).isEqualTo(1);
        assertProblem(api.send("PUT", "/api/document-templates/" + id, template("quote", "Lost update", QUOTE_BODY),
                json("\"0\"")), 409, "version");
        assertThat(api.send("PUT", "/api/document-templates/" + id, template("quote", "x", QUOTE_BODY), Map.of("Content-Type", "application/json")).status())
                .isEqualTo(428);

        assertThat(api.get("/api/document-templates/fields").json().get("items").valueStream()
                .map(f -> f.get("name").asString())).contains("deal.title", "document.number", "lineItems", "total");

        assertThat(api.delete("/api/document-templates/" + id, Map.of("If-Match", "\"1\"")).status()).isEqualTo(204);
        assertThat(api.get("/api/document-templates/" + id).status()).isEqualTo(404);
    }

    @Test
    void aTemplateWithAnUnknownMergeFieldOrBrokenSyntaxIsRefusedNamingTheFieldAndLine() {
        Response unknown = api.post("/api/document-templates", template("quote", "Typo",
                "<h1>{{deal.title}}</h1>\n<p>{{deal.titel}}</p>\n{{#lineItems}}{{nmae}}{{/lineItems}}"));
        assertFieldError(unknown, "body");
        String errors = unknown.json().get("errors").toString();
        assertThat(errors).contains("line 2: unknown merge field 'deal.titel'").contains("line 3: unknown merge field 'nmae'");

        Response broken = api.post("/api/document-templates", template("quote", "Broken", "<p>ok</p>\n{{#lineItems}}<p>{{name}}</p>"));
        assertFieldError(broken, "body");
        assertThat(broken.json().get("errors").toString()).contains("line");

        assertThat(api.post("/api/document-templates", template("quote", "Raw", "<p>{{{deal.title}}}</p>")).json()
                .get("errors").toString()).contains("unescaped");
        // an item field outside the lineItems section means nothing
        assertThat(api.post("/api/document-templates", template("quote", "Outside", "<p>{{total}}</p>")).json()
                .get("errors").toString()).contains("unknown merge field 'total'");
        assertFieldError(api.post("/api/document-templates", template("Quote!", "Kind", "<p>x</p>")), "kind");
        assertFieldError(api.post("/api/document-templates", template("quote", "Css", "<p>x</p>")
                .replace("\"css\":\"\"", "\"css\":\"</style><script>\"")), "css");
        assertFieldError(api.post("/api/document-templates", template("quote", "", "<p>x</p>")), "name");
    }

    @Test
    void aGeneratedQuoteHasTheDealInCyrillicAndGeorgianItsNumberIsNextAndItIsEmailedWithThePdf() throws Exception {
        String contactId = Ids.newId();
        TestEvents.publish(CONTACT_TOPIC, contactCreated(contactId, "Анна", "Петрова", "anna." + contactId + "@example.com"));
        JsonNode deal = createDeal(pipelineId, """
                {"title":"Поставка серверов","pipelineId":"$PIPELINE","ownerId":"ada","contacts":[{"contactId":"%s","role":"champion"}],
                 "customFields":{"region":"Тбилиси"}}""".formatted(contactId));
        String dealId = deal.get("id").asString();
        Response item = api.post("/api/deals/" + dealId + "/line-items", """
                {"name":"Сервер R740","quantity":2,"unit":"шт","unitPrice":1500.50,"currency":"EUR","taxRate":20}""",
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
        assertThat(item.status()).as(item.toString()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> !api.get("/api/deals/" + dealId).json().at("/contacts/0/name")
                .asString("").isEmpty());
        String kind = "quote" + UUID.randomUUID().toString().substring(0, 6);
        String templateId = api.post("/api/document-templates", template(kind, "Коммерческое предложение", QUOTE_BODY))
                .json().get("id").asString();

        Response first = apiAs("ada").post("/api/deals/" + dealId + "/documents", "{\"templateId\":\"" + templateId + "\"}");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        Response second = apiAs("ada").post("/api/deals/" + dealId + "/documents", "{\"templateId\":\"" + templateId + "\"}");
        int year = LocalDate.now(ZoneOffset.UTC).getYear();
        assertThat(first.json().get("number").asString()).isEqualTo(year + "-0001");
        assertThat(second.json().get("number").asString()).isEqualTo(year + "-0002");
        assertThat(second.json().get("status").asString()).isEqualTo("stored");
        String documentId = second.json().get("id").asString();

        HttpResponse<byte[]> pdf = apiAs("ada").download("/api/deals/" + dealId + "/documents/" + documentId + "/content");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        String text = text(pdf.body());
        assertThat(text.replace("\n", "")).contains("Коммерческое предложение № " + year + "-0002");
        assertThat(text).contains("Поставка серверов", "Анна Петрова",
                "გამარჯობა", "Сервер R740", "Тбилиси", "601,20 EUR");
        // the PDF is also one of the deal's files
        assertThat(second.json().get("fileId").asString()).isNotBlank();

        assertThat(apiAs("ada").get("/api/deals/" + dealId + "/documents").json().get("items").valueStream()
                .map(d -> d.get("number").asString())).containsExactly(year + "-0002", year + "-0001");
        // someone who does not see the deal sees none of it
        assertThat(apiAs("cleo").get("/api/deals/" + dealId + "/documents").status()).isEqualTo(404);
        assertThat(apiAs("cleo").post("/api/deals/" + dealId + "/documents", "{\"templateId\":\"" + templateId + "\"}")
                .status()).isEqualTo(404);

        EventEnvelope generated = events.awaitEvent(e -> e.type().equals("pulse.deal.document_generated.v1")
                && e.data().at("/document/id").asString("").equals(documentId));
        assertThat(generated.subject()).isEqualTo(dealId);
        assertThat(generated.data().at("/deal/contacts/0/contactId").asString()).isEqualTo(contactId);

        // emailed to the contact: one email, however often the request is repeated
        int before = TestMailServer.shared().getReceivedMessages().length;
        String key = UUID.randomUUID().toString();
        String send = """
                {"contactId":"%s","subject":"Предложение %s","message":"Добрый день, Анна!"}""".formatted(contactId, year + "-0002");
        Response sent = apiAs("ada").post("/api/deals/" + dealId + "/documents/" + documentId + "/send", send,
                Map.of("Idempotency-Key", key));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("to").asString()).isEqualTo("anna." + contactId + "@example.com");
        Response repeated = apiAs("ada").post("/api/deals/" + dealId + "/documents/" + documentId + "/send", send,
                Map.of("Idempotency-Key", key));
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(TestMailServer.shared().waitForIncomingEmail(10_000, before + 1)).isTrue();
        MimeMessage[] received = TestMailServer.shared().getReceivedMessages();
        assertThat(received).hasSize(before + 1);
        MimeMessage email = received[received.length - 1];
        assertThat(email.getAllRecipients()[0].toString()).isEqualTo("anna." + contactId + "@example.com");
        assertThat(email.getSubject()).isEqualTo("Предложение " + year + "-0002");
        List<BodyPart> parts = new ArrayList<>();
        flatten((Multipart) email.getContent(), parts);
        assertThat(parts).anySatisfy(part -> {
            assertThat(part.isMimeType("text/plain")).isTrue();
            assertThat(part.getContent().toString()).contains("Добрый день, Анна!");
        });
        BodyPart attachment = null;
        for (BodyPart part : parts) {
            if (part.getFileName() != null) {
                attachment = part;
            }
        }
        assertThat(attachment).as("the PDF attachment").isNotNull();
        assertThat(attachment.getFileName()).endsWith(".pdf");
        assertThat(attachment.isMimeType("application/pdf")).isTrue();
        byte[] attached = attachment.getInputStream().readAllBytes();
        assertThat(attached).isEqualTo(pdf.body());
        assertThat(text(attached)).contains("Поставка серверов");

        EventEnvelope sentEvent = events.awaitEvent(e -> e.type().equals("pulse.deal.document_sent.v1")
                && e.data().at("/document/id").asString("").equals(documentId));
        assertThat(sentEvent.data().get("contactId").asString()).isEqualTo(contactId);
        assertThat(events.records()).filteredOn(r -> dealId.equals(r.key()))
                .allSatisfy(r -> EventSchemaValidator.assertValid(r.value()));
        assertThat(events.distinctEvents()).filteredOn(e -> e.type().equals("pulse.deal.document_sent.v1")
                && e.subject().equals(dealId)).hasSize(1);
        assertThat(apiAs("ada").get("/api/deals/" + dealId + "/documents/" + documentId).json().at("/sends/0/status")
                .asString()).isEqualTo("sent");
    }

    @Test
    void sendingRefusesRecipientsItCannotUse() {
        JsonNode deal = createDeal(pipelineId, "{\"title\":\"No contacts\",\"pipelineId\":\"$PIPELINE\"}");
        String dealId = deal.get("id").asString();
        String kind = "invoice" + UUID.randomUUID().toString().substring(0, 6);
        String templateId = api.post("/api/document-templates", template(kind, "Invoice", "<p>{{deal.title}}</p>"))
                .json().get("id").asString();
        String documentId = api.post("/api/deals/" + dealId + "/documents", "{\"templateId\":\"" + templateId + "\"}")
                .json().get("id").asString();
        String path = "/api/deals/" + dealId + "/documents/" + documentId + "/send";
        assertFieldError(api.post(path, "{\"contactId\":\"someone-else\",\"subject\":\"x\"}"), "contactId");
        assertFieldError(api.post(path, "{\"email\":\"not an address\",\"subject\":\"x\"}"), "email");
        assertFieldError(api.post(path, "{\"email\":\"buyer@example.com\",\"subject\":\" \"}"), "subject");
        assertFieldError(api.post(path, "{\"subject\":\"x\"}"), "contactId");
        assertFieldError(api.post("/api/deals/" + dealId + "/documents", "{\"templateId\":\"nope\"}"), "templateId");
        assertThat(api.get("/api/deals/" + dealId + "/documents/nope").status()).isEqualTo(404);
    }

    @Test
    void concurrentGenerationNumbersOneToNWithoutGapsOrDuplicates() throws Exception {
        JsonNode deal = createDeal(pipelineId, "{\"title\":\"Busy deal\",\"pipelineId\":\"$PIPELINE\"}");
        String dealId = deal.get("id").asString();
        String kind = "contract" + UUID.randomUUID().toString().substring(0, 6);
        String templateId = api.post("/api/document-templates", template(kind, "Contract", "<p>{{document.number}}</p>"))
                .json().get("id").asString();
        int requests = 12;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(() -> api.post("/api/deals/" + dealId + "/documents", "{\"templateId\":\"" + templateId + "\"}"));
            }
            List<Long> sequences = new ArrayList<>();
            for (Future<Response> result : pool.invokeAll(calls)) {
                assertThat(result.get().status()).as(result.get().toString()).isEqualTo(201);
                sequences.add(result.get().json().get("sequence").asLong());
            }
            assertThat(sequences).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, requests).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        // every document's deal event arrived once
        await().atMost(Duration.ofSeconds(30)).until(() -> events.distinctEvents().stream()
                .filter(e -> e.type().equals("pulse.deal.document_generated.v1") && e.subject().equals(dealId)).count() == requests);
    }

    @Test
    void anAdminPreviewsAnUnsavedTemplateWithoutTakingANumber() throws IOException {
        JsonNode deal = createDeal(pipelineId, "{\"title\":\"Превью\",\"pipelineId\":\"$PIPELINE\"}");
        String body = "{\"dealId\":\"%s\",\"kind\":\"quote\",\"name\":\"Draft\",\"locale\":\"en\",\"body\":\"<p>{{deal.title}} {{document.number}}</p>\",\"css\":\"p { color: #333; }\"}"
                .formatted(deal.get("id").asString());
        Response preview = api.post("/api/document-templates/preview", body);
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.header("Content-Type")).startsWith("application/pdf");
        assertProblem(apiAs("ada").post("/api/document-templates/preview", body), 403, "");
        assertFieldError(api.post("/api/document-templates/preview", body.replace("{{deal.title}}", "{{deal.nope}}")), "body");
    }

    @Test
    void twoReplicasTakingNumbersAtOnceAfterACrashLeaveNeitherGapsNorDuplicates() throws Exception {
        String database = mongo.getDb().getName();
        try (MongoClient otherReplica = MongoClients.create(TestInfrastructure.shared().mongoUri(database))) {
            DocumentNumbers first = new DocumentNumbers(mongo);
            DocumentNumbers second = new DocumentNumbers(new MongoTemplate(otherReplica, database));
            String kind = "race" + UUID.randomUUID().toString().substring(0, 6);
            DocumentTemplate template = templates.create(new TemplateContent(kind, "Race", "en", "<p>x</p>", ""), "alex");
            JsonNode deal = createDeal(pipelineId, "{\"title\":\"Race\",\"pipelineId\":\"$PIPELINE\"}");
            String dealId = deal.get("id").asString();
            // a replica died right after storing number 1, before it raised the counter: the counter is behind
            mongo.insert(new GeneratedDocument(Ids.newId(), dealId, template, 2026, 1, "<p>1</p>", "1.pdf", Instant.now(), "alex"));
            assertThat(mongo.findById(kind + "|2026", org.bson.Document.class, DocumentNumbers.COUNTERS)).isNull();

            int perThread = 10;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Long>> calls = new ArrayList<>();
                for (int thread = 0; thread < 8; thread++) {
                    DocumentNumbers replica = thread % 2 == 0 ? first : second;
                    for (int i = 0; i < perThread; i++) {
                        calls.add(() -> replica.insertNext(kind, 2026, sequence -> new GeneratedDocument(Ids.newId(), dealId,
                                template, 2026, sequence, "<p>" + sequence + "</p>", sequence + ".pdf", Instant.now(), "alex"))
                                .sequence());
                    }
                }
                List<Long> taken = new ArrayList<>();
                for (Future<Long> result : pool.invokeAll(calls)) {
                    taken.add(result.get());
                }
                assertThat(taken).containsExactlyInAnyOrderElementsOf(
                        java.util.stream.LongStream.rangeClosed(2, 1 + 8 * perThread).boxed().toList());
            } finally {
                pool.shutdownNow();
            }
            List<Long> stored = mongo.find(Query.query(Criteria.where("kind").is(kind)), GeneratedDocument.class).stream()
                    .map(GeneratedDocument::sequence).sorted().toList();
            assertThat(stored).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 1 + 8 * perThread).boxed().toList());
            // another year starts at 1 again
            assertThat(first.insertNext(kind, 2027, sequence -> new GeneratedDocument(Ids.newId(), dealId, template, 2027,
                    sequence, "<p/>", "x.pdf", Instant.now(), "alex")).sequence()).isEqualTo(1);
        }
    }

    @Test
    void withoutAMailServerEmailingIsA503SayingSo() {
        DocumentSending unconfigured = new DocumentSending(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class),
                mongo, null, null, null, null, null);
        assertThatThrownBy(() -> unconfigured.send(null, null, new DocumentSending.SendRequest(null, "a@example.com", "x", ""), "alex"))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getBody().getDetail()).contains("no mail server");
                });
    }

    private static void flatten(Multipart multipart, List<BodyPart> into) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                flatten(nested, into);
            } else {
                into.add(part);
            }
        }
    }

    private static Map<String, String> json(String ifMatch) {
        return Map.of("If-Match", ifMatch, "Content-Type", "application/json");
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private static String template(String kind, String name, String body) {
        return """
                {"kind":"%s","name":"%s","locale":"ru","body":%s,"css":""}""".formatted(kind, name, quoted(body));
    }

    private static String quoted(String text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
    }

    private static EventEnvelope contactCreated(String id, String first, String last, String email) {
        JsonNode data = tools.jackson.databind.json.JsonMapper.builder().build().valueToTree(Map.of("contact",
                Map.of("id", id, "firstName", first, "lastName", last, "emails", List.of(Map.of("address", email, "primary", true)),
                        "email", email)));
        return new EventEnvelope(Ids.newId(), "/pulse/contacts-service", "pulse.contact.created.v1", id, Instant.now(),
                "urn:pulsecrm:schema:pulse.contact.created.v1", "system:test", "contact", 1, Ids.newId(), null, null, data);
    }
}

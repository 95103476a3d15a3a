package io.pulsecrm.contacts.contacts;

import static io.pulsecrm.platform.test.EventCollector.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.ServiceApiTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

class ContactApiTest extends ServiceApiTest {

    @RegisterExtension
    static final EventCollector events = EventCollector.forTopics(Contact.TOPIC);

    @Autowired
    MeterRegistry meters;

    /** What the bench waits on before it reads an operation's cost: the relay's queue, empty once the events are out. */
    @Test
    void theRelaysQueueOfPublishesIsMeteredAndEmptiesOnceTheEventsAreOnKafka() {
        double publishedBefore = meters.get("pulse.outbox.published").counter().count();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Response created = api.post("/api/contacts", "{\"firstName\":\"Queued\",\"lastName\":\"Relay " + i + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            ids.add(created.json().get("id").asString());
        }

        ids.forEach(id -> events.awaitEvent(ofType("pulse.contact.created.v1", id)));
        Awaitility.await().untilAsserted(() -> assertThat(meters.get("pulse.outbox.queued").gauge().value()).isZero());
        assertThat(meters.get("pulse.outbox.published").counter().count() - publishedBefore).isGreaterThanOrEqualTo(5);
    }

    @Test
    void createReadUpdateDeleteWithAnEventForEachChange() {
        Response created = api.post("/api/contacts", """
                {"firstName":" Ada ","lastName":"Lovelace","email":"Ada@Example.COM","phone":"+44 20 7123 4567","jobTitle":"Analyst"}
                """);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/contacts/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.json().get("firstName").asString()).isEqualTo("Ada");
        assertThat(created.json().get("email").asString()).isEqualTo("ada@example.com");
        assertThat(created.json().get("phone").asString()).isEqualTo("+442071234567");

        EventEnvelope createdEvent = events.awaitEvent(ofType("pulse.contact.created.v1", id));
        assertThat(createdEvent.aggregateVersion()).isEqualTo(1);
        assertThat(createdEvent.source()).isEqualTo("/pulse/contacts-service");
        assertThat(createdEvent.data().at("/contact/email").asString()).isEqualTo("ada@example.com");

        Response read = api.get("/api/contacts/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("lastName").asString()).isEqualTo("Lovelace");

        Response updated = api.patch("/api/contacts/" + id, """
                {"jobTitle":"Head of Analytics","phone":null}""", Map.of("If-Match", "\"0\""));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"1\"");
        assertThat(updated.json().get("jobTitle").asString()).isEqualTo("Head of Analytics");
        assertThat(updated.json().get("phone").isNull()).isTrue();
        assertThat(api.get("/api/contacts/" + id).json().has("phone")).isTrue();
        assertThat(api.get("/api/contacts/" + id).json().get("phone").isNull()).isTrue();

        EventEnvelope updatedEvent = events.awaitEvent(ofType("pulse.contact.updated.v1", id));
        assertThat(updatedEvent.aggregateVersion()).isEqualTo(2);
        assertThat(updatedEvent.data().at("/changes/jobTitle/from").asString()).isEqualTo("Analyst");
        assertThat(updatedEvent.data().at("/changes/jobTitle/to").asString()).isEqualTo("Head of Analytics");
        assertThat(updatedEvent.data().at("/changes/phone/from").asString()).isEqualTo("+442071234567");
        assertThat(updatedEvent.data().at("/changes").has("firstName")).isFalse();

        Response deleted = api.delete("/api/contacts/" + id, Map.of("If-Match", "\"1\""));
        assertThat(deleted.status()).isEqualTo(204);
        events.awaitEvent(ofType("pulse.contact.deleted.v1", id));
        Response gone = api.get("/api/contacts/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.header("Content-Type")).startsWith("application/problem+json");

        List<ConsumerRecord<String, String>> records = events.records().stream()
                .filter(record -> id.equals(record.key())).toList();
        assertThat(records).hasSize(3).allSatisfy(record -> {
            EventSchemaValidator.assertValid(record.value());
            assertThat(new String(record.headers().lastHeader("content-type").value()))
                    .startsWith("application/cloudevents+json");
        });
        assertThat(records).extracting(record -> EventJson.read(record.value()).aggregateVersion())
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void theCallersCorrelationIdAndTheTraceTravelFromHttpIntoTheEvent() {
        Response created = api.post("/api/contacts", "{\"firstName\":\"Traced\"}",
                Map.of("X-Correlation-Id", "checkout-42"));
        assertThat(created.header("X-Correlation-Id")).isEqualTo("checkout-42");
        String id = created.json().get("id").asString();

        EventEnvelope event = events.awaitEvent(ofType("pulse.contact.created.v1", id));
        assertThat(event.correlationId()).isEqualTo("checkout-42");
        assertThat(event.traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        ConsumerRecord<String, String> record = events.awaitRecord(r -> id.equals(r.key()));
        String traceHeader = new String(record.headers().lastHeader("traceparent").value());
        // the Kafka record continues the request's trace: same trace id in the header and in the event
        assertThat(traceHeader.split("-")[1]).isEqualTo(event.traceparent().split("-")[1]);

        Response unsafe = api.post("/api/contacts", "{\"firstName\":\"Unsafe\"}",
                Map.of("X-Correlation-Id", "bad id\twith spaces"));
        assertThat(unsafe.header("X-Correlation-Id")).isNotEqualTo("bad id\twith spaces").matches("[0-9a-f-]{36}");
    }

    @Test
    void anUpdateThatChangesNothingEmitsNoEventAndKeepsTheVersion() {
        String id = create("Grace", "grace@example.com");
        Response unchanged = api.patch("/api/contacts/" + id, "{\"firstName\":\"Grace\"}", Map.of("If-Match", "\"0\""));

        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.header("ETag")).isEqualTo("\"0\"");
    }

    @Test
    void staleOrMissingVersionsAreRefused() {
        String id = create("Linus", "linus@example.com");
        assertThat(api.patch("/api/contacts/" + id, "{\"lastName\":\"T\"}", Map.of("If-Match", "\"0\"")).status())
                .isEqualTo(200);

        Response stale = api.patch("/api/contacts/" + id, "{\"lastName\":\"X\"}", Map.of("If-Match", "\"0\""));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(api.get("/api/contacts/" + id).json().get("lastName").asString()).isEqualTo("T");

        Response missing = api.patch("/api/contacts/" + id, "{\"lastName\":\"X\"}", Map.of());
        assertThat(missing.status()).isEqualTo(428);
        assertThat(api.delete("/api/contacts/" + id, Map.of("If-Match", "\"0\"")).status()).isEqualTo(409);
        assertThat(api.delete("/api/contacts/" + id, Map.of("If-Match", "banana")).status()).isEqualTo(400);
    }

    @Test
    void concurrentUpdatesFromTheSameVersionLetExactlyOneWin() throws Exception {
        String id = create("Barbara", "barbara@example.com");
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String title = "Title " + i;
            writers.add(() -> api.patch("/api/contacts/" + id, "{\"jobTitle\":\"" + title + "\"}",
                    Map.of("If-Match", "\"0\"")).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> status : pool.invokeAll(writers)) {
                statuses.add(status.get());
            }
        }

        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(api.get("/api/contacts/" + id).json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    void unknownIdsAreNotFound() {
        Response response = api.get("/api/contacts/0190f4c2-0000-7000-8000-000000000000");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("status").asInt()).isEqualTo(404);
        assertThat(response.json().get("instance").asString()).isEqualTo("/api/contacts/0190f4c2-0000-7000-8000-000000000000");
        assertThat(api.patch("/api/contacts/nope", "{}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(404);
    }

    @Test
    void badInputIsAnsweredWithAProblemThatSaysWhatIsWrong() {
        assertProblem(api.post("/api/contacts", "{\"firstName\": \"Ada\""), 400, "not valid JSON");
        assertProblem(api.post("/api/contacts", "{\"firstName\": 42}"), 400, "'firstName' must be a string");
        assertProblem(api.post("/api/contacts", "{\"firstName\": \"Ada\", \"$where\": \"1\"}"), 400, "Unknown field '$where'");
        assertProblem(api.post("/api/contacts", "[]"), 400, "");
        assertProblem(api.post("/api/contacts", ""), 400, "");

        Response missing = api.post("/api/contacts", "{\"lastName\": \"Nobody\", \"email\": \"not-an-email\", \"phone\": \"12\"}");
        assertProblem(missing, 400, "invalid fields");
        assertThat(missing.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("firstName", "email", "phone");

        assertProblem(api.post("/api/contacts", "{\"firstName\":\"" + "x".repeat(101) + "\"}"), 400, "invalid fields");
        assertProblem(api.send("POST", "/api/contacts", "firstName=Ada", Map.of("Content-Type", "application/x-www-form-urlencoded")), 415, "");
        assertProblem(api.get("/api/contacts?limit=0"), 400, "");
        assertProblem(api.get("/api/contacts?limit=abc"), 400, "limit");
        assertProblem(api.get("/api/contacts?cursor=%25%25%25"), 400, "");

        String id = create("Patch", "patch@example.com");
        assertProblem(api.patch("/api/contacts/" + id, "{\"email\": 7}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertProblem(api.patch("/api/contacts/" + id, "{\"a.b\": \"x\"}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertProblem(api.patch("/api/contacts/" + id, "{\"firstName\": null}", Map.of("If-Match", "\"0\"")), 400, "invalid fields");
        assertThat(api.get("/api/contacts/" + id).json().get("version").asLong()).isZero();
    }

    @Test
    void oversizeBodiesAreRefusedWith413() {
        String huge = "{\"firstName\":\"Ada\",\"lastName\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertProblem(api.post("/api/contacts", huge), 413, "exceeds");
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyCreatesOneContact() {
        String body = "{\"firstName\":\"Idem\",\"email\":\"idem@example.com\"}";
        Response first = api.post("/api/contacts", body, Map.of("Idempotency-Key", "key-123-" + port));
        Response retry = api.post("/api/contacts", body, Map.of("Idempotency-Key", "key-123-" + port));

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");

        Response reused = api.post("/api/contacts", "{\"firstName\":\"Other\"}", Map.of("Idempotency-Key", "key-123-" + port));
        assertProblem(reused, 422, "different request");

        String id = first.json().get("id").asString();
        events.awaitEvent(ofType("pulse.contact.created.v1", id));
        assertThat(events.events().stream().filter(e -> e.type().equals("pulse.contact.created.v1")
                && e.data().at("/contact/email").asString().equals("idem@example.com"))).hasSize(1);
    }

    @Test
    void listsPageThroughEveryContactWithACursor() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create("Page" + i, "page" + i + "-" + port + "@example.com"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get("/api/contacts?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
            page.json().get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 1000);

        assertThat(seen).doesNotHaveDuplicates().isSorted().containsSubsequence(created);
    }

    private String create(String firstName, String email) {
        Response response = api.post("/api/contacts", "{\"firstName\":\"" + firstName + "\",\"email\":\"" + email + "\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static void assertProblem(Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).as(response.toString()).contains(detailContains);
    }
}

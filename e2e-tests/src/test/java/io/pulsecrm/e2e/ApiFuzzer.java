package io.pulsecrm.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.pulsecrm.e2e.OpenApiOperations.Operation;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.RawHttp;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends every operation of the platform's OpenAPI documents a seeded series of hostile requests through the
 * gateway ({@link FuzzCases}) and checks each answer and the platform's state against the API's promises:
 * <ul>
 * <li>no 5xx, whatever the input;</li>
 * <li>every error is an RFC 9457 problem ({@code application/problem+json}, its {@code status} the answer's) that
 * names no class, package or exception of the implementation;</li>
 * <li>answers are bounded: errors at most 16 KB, anything at most 2 MB, each within 5 seconds;</li>
 * <li>a refused request (4xx) changed nothing: the record it aimed at reads the same before and after, its
 * collection gained no record, and no domain event carries its correlation id;</li>
 * <li>every array and map in a request schema states its cap ({@code maxItems}, {@code maxProperties}).</li>
 * </ul>
 * Failures are collected with the request that caused them, so one run lists them all, and the seed reproduces it.
 */
final class ApiFuzzer {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SLOW = Duration.ofSeconds(5);
    private static final int MAX_ERROR_BODY = 16 * 1024;
    private static final int MAX_BODY = 2 * 1024 * 1024;
    private static final int MAX_REPORTED = 60;
    /** How an implementation detail looks in an answer: a qualified class or package name, an exception, a source line. */
    private static final Pattern INTERNALS = Pattern.compile("\\b(?:java|javax|jakarta|tools\\.jackson|com\\.fasterxml"
            + "|org\\.springframework|org\\.apache|org\\.bson|com\\.mongodb|io\\.netty|reactor\\.netty|io\\.pulsecrm)\\.[a-z]"
            + "|\\w+Exception\\b|\\.java:\\d+|\\bnull pointer\\b");

    /** Statuses of work the platform carries on by itself, so the record changes without any request. */
    private static final Set<String> IN_MOTION = Set.of("queued", "running", "retrying", "waiting", "pending");

    /** What the fuzzer runs against. */
    record Target(URI gateway, String adminToken, Map<String, URI> components, String kafkaBootstrapServers) {
    }

    private final Target target;
    private final long seed;
    private final String run;
    private final RawHttp http;
    private final ApiClient admin;
    private final List<String> failures = new ArrayList<>();
    private final Set<String> refused = new HashSet<>();
    private final Set<String> createdIds = new HashSet<>();
    private final List<Suspect> suspects = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private int sent;

    ApiFuzzer(Target target, long seed) {
        this.target = target;
        this.seed = seed;
        this.run = "fuzz-" + seed + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        this.http = new RawHttp(target.gateway());
        this.admin = new ApiClient(target.gateway().toString()).withToken(target.adminToken());
    }

    /** A state change seen after a refused request, judged once the events are in. */
    private record Suspect(String request, String what, String recordId, String before, String after) {
    }

    /** The failures of the run, each with the request that shows it; empty when the platform kept every promise. */
    List<String> run() throws IOException {
        List<Operation> operations = operations();
        checkCollectionCaps(operations);
        FuzzFixtures fixtures = FuzzFixtures.seed(admin, run.substring(run.lastIndexOf('-') + 1));
        for (Operation operation : operations) {
            if (operation.method().equals("GET") && operation.in("path").isEmpty() && !operation.streams()) {
                Response list = admin.get(operation.path() + "?limit=5");
                if (list.status() == 200 && (list.body().startsWith("{") || list.body().startsWith("["))) {
                    fixtures.rememberIdsOf(operation.path(), list.json());
                }
            }
        }
        Map<String, JsonNode> createSchemas = new LinkedHashMap<>();
        operations.stream().filter(op -> op.method().equals("POST") && op.in("path").isEmpty() && op.bodySchema() != null)
                .forEach(op -> createSchemas.putIfAbsent(op.path(), op.bodySchema()));
        FuzzCases cases = new FuzzCases(seed, fixtures, createSchemas::get);
        Set<String> readable = new HashSet<>();
        operations.stream().filter(op -> op.method().equals("GET")).forEach(op -> readable.add(op.path()));

        long started = System.nanoTime();
        for (Operation operation : operations) {
            StateProbe probe = new StateProbe(operation, readable, fixtures);
            for (FuzzCases.Case testCase : cases.of(operation)) {
                send(operation, testCase, probe, fixtures);
            }
        }
        long fuzzing = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        checkEvents();
        System.out.printf("API fuzz %s: seed %d, %d operations, %d requests in %d s, answers by status %s, %d failures%n",
                run, seed, operations.size(), sent, fuzzing, statuses, failures.size());
        return failures;
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        target.components().forEach((component, url) -> {
            Response document = new ApiClient(url.toString()).get("/v3/api-docs");
            if (document.status() != 200) {
                failures.add(component + " publishes no OpenAPI document: " + document);
                return;
            }
            operations.addAll(OpenApiOperations.of(component, document.json()));
        });
        operations.sort(Comparator.comparingInt(Operation::destructiveness)
                .thenComparing(Operation::path).thenComparing(Operation::method));
        return operations;
    }

    private void send(Operation operation, FuzzCases.Case testCase, StateProbe probe, FuzzFixtures fixtures) {
        String correlationId = run + "-" + sent;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + target.adminToken());
        headers.put("X-Correlation-Id", correlationId);
        StateProbe.Snapshot before = probe.before();
        if (before != null && before.etag() != null && operation.in("header").stream()
                .anyMatch(parameter -> parameter.name().equalsIgnoreCase("If-Match"))) {
            headers.put("If-Match", before.etag());
        }
        headers.putAll(testCase.headers());
        String query = testCase.query().isEmpty() ? "" : "?" + testCase.query();
        RawHttp.Request request = new RawHttp.Request(testCase.method(), testCase.path() + query, headers, testCase.body());
        String shown = "[" + testCase.what() + "] " + request.describe();
        sent++;
        RawHttp.Reply reply;
        try {
            reply = http.send(request, TIMEOUT, MAX_BODY);
        } catch (IOException e) {
            fail(operation, shown, "no answer: " + e.getMessage());
            return;
        }
        statuses.merge(reply.status(), 1, Integer::sum);
        check(operation, shown, reply);
        if (reply.status() < 400) {
            probe.changed();
            remember(reply, fixtures);
        } else if (reply.status() >= 400 && operation.changes()) {
            refused.add(correlationId);
            StateProbe.Snapshot after = probe.after();
            if (before != null && after != null && before.state() != null && after.state() != null
                    && !Objects.equals(before.state(), after.state())) {
                suspects.add(new Suspect(shown + "\n  -> " + reply.describe(), "changed " + probe.recordPath(),
                        probe.recordId(), before.state(), after.state()));
            }
            if (before != null && after != null && before.collection() != null && after.collection() != null) {
                for (String id : after.collection()) {
                    if (!before.collection().contains(id) && !createdIds.contains(id)) {
                        suspects.add(new Suspect(shown + "\n  -> " + reply.describe(), "added " + id + " to "
                                + probe.collectionPath(), id, "absent", "present"));
                    }
                }
            }
        }
    }

    private void check(Operation operation, String shown, RawHttp.Reply reply) {
        String answered = shown + "\n  -> " + reply.describe();
        if (reply.status() >= 500) {
            fail(operation, answered, "a server error");
        }
        if (reply.took().compareTo(SLOW) > 0) {
            fail(operation, answered, "took " + reply.took().toMillis() + " ms");
        }
        if (reply.truncated()) {
            fail(operation, answered, "an answer over " + MAX_BODY + " bytes");
        }
        if (reply.status() < 400) {
            return;
        }
        if (reply.body().length > MAX_ERROR_BODY) {
            fail(operation, answered, "an error of " + reply.body().length + " bytes");
        }
        String type = Objects.toString(reply.header("content-type"), "");
        if (!type.startsWith("application/problem+json")) {
            fail(operation, answered, "an error that is not application/problem+json");
            return;
        }
        try {
            JsonNode problem = JSON.readTree(reply.body());
            if (problem.path("status").asInt() != reply.status() || !problem.path("title").isString()) {
                fail(operation, answered, "a problem document without its status and title");
            }
        } catch (RuntimeException notJson) {
            fail(operation, answered, "a problem document that is not JSON");
        }
        if (INTERNALS.matcher(reply.text()).find()) {
            fail(operation, answered, "an error naming the implementation");
        }
    }

    private void remember(RawHttp.Reply reply, FuzzFixtures fixtures) {
        if (!Objects.toString(reply.header("content-type"), "").contains("json") || reply.body().length == 0) {
            return;
        }
        try {
            JsonNode body = JSON.readTree(reply.body());
            if (body.hasNonNull("id")) {
                createdIds.add(body.get("id").asString());
            }
            fixtures.harvest(body);
        } catch (RuntimeException notJson) {
            // 2xx bodies that are not JSON (files, feeds) name no record
        }
    }

    /** Every array and map a request body may hold declares its cap in the published schema. */
    private void checkCollectionCaps(List<Operation> operations) {
        for (Operation operation : operations) {
            if (operation.bodySchema() != null) {
                checkCaps(operation, operation.bodySchema(), "body", new HashSet<>());
            }
        }
    }

    private void checkCaps(Operation operation, JsonNode declared, String at, Set<JsonNode> seen) {
        JsonNode schema = operation.schemas().resolve(declared);
        if (!seen.add(schema)) {
            return;
        }
        if (FuzzCases.type(schema).equals("array")) {
            if (!schema.has("maxItems")) {
                failures.add(operation + ": the request schema's " + at + " is an array without maxItems");
            }
            checkCaps(operation, schema.path("items"), at + "[]", seen);
        }
        JsonNode values = schema.path("additionalProperties");
        if ((values.isObject() || values.asBoolean(false)) && !schema.has("maxProperties")) {
            failures.add(operation + ": the request schema's " + at + " is a map without maxProperties");
        }
        if (values.isObject()) {
            checkCaps(operation, values, at + ".*", seen);
        }
        schema.path("properties").properties().forEach(property ->
                checkCaps(operation, property.getValue(), at + "." + property.getKey(), seen));
    }

    /**
     * The platform's events: none may carry the correlation id of a refused request, and a record that changed
     * while a refused request was answered must have been changed by something else (an event of another cause).
     */
    private void checkEvents() {
        Map<String, List<String>> causesBySubject = new LinkedHashMap<>();
        int events = 0;
        int ofThisRun = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics(Duration.ofSeconds(10)).forEach((topic, infos) -> {
                if (topic.startsWith("pulse.") && !topic.endsWith(".dlt")) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    JsonNode event;
                    try {
                        event = JSON.readTree(record.value());
                    } catch (RuntimeException notJson) {
                        continue;
                    }
                    events++;
                    String correlation = event.path("correlationid").asString("");
                    if (correlation.startsWith(run + "-")) {
                        ofThisRun++;
                    }
                    if (refused.contains(correlation)) {
                        failures.add("a refused request (correlation id " + correlation + ") published "
                                + event.path("type").asString() + " for " + event.path("subject").asString());
                    }
                    causesBySubject.computeIfAbsent(event.path("subject").asString(""), s -> new ArrayList<>())
                            .add(correlation);
                }
            }
        }
        for (Suspect suspect : suspects) {
            List<String> causes = causesBySubject.getOrDefault(suspect.recordId(), List.of());
            boolean explained = causes.stream().anyMatch(cause -> !refused.contains(cause) && !cause.isEmpty());
            if (!explained) {
                failures.add("a refused request " + suspect.what() + " (before: " + RawHttp.abbreviate(suspect.before(), 300)
                        + ", after: " + RawHttp.abbreviate(suspect.after(), 300) + ")\n" + suspect.request());
            }
        }
        if (ofThisRun == 0) {
            failures.add("no event carries a correlation id of this run's accepted changes: refused requests' events"
                    + " could not be told either (is X-Correlation-Id still relayed into events?)");
        }
        System.out.printf("API fuzz %s: %d events read (%d caused by this run), %d refused changes, %d state changes"
                + " during refusals judged%n", run, events, ofThisRun, refused.size(), suspects.size());
    }

    private void fail(Operation operation, String request, String what) {
        if (failures.size() < MAX_REPORTED) {
            failures.add(operation + " answered " + what + ":\n" + request);
        } else if (failures.size() == MAX_REPORTED) {
            failures.add("... more failures left out");
        }
    }

    /**
     * What a changing operation could change: the record its path names (read back by its {@code GET}) and, for a
     * create, the collection (its first page of ids). Read before a request and after a refused one.
     */
    private final class StateProbe {

        record Snapshot(String etag, String state, Set<String> collection) {
        }

        private final String recordPath;
        private final String recordId;
        private final String collectionPath;
        private Snapshot current;

        StateProbe(Operation operation, Set<String> readable, FuzzFixtures fixtures) {
            String record = null;
            String id = null;
            String collection = null;
            if (operation.changes()) {
                var matcher = Pattern.compile("^(/api/[^{}]+?)/\\{([^}]+)}").matcher(operation.path());
                if (matcher.find() && readable.contains(matcher.group(1) + "/{" + matcher.group(2) + "}")) {
                    id = fixtures.valueFor(matcher.group(2), operation.path());
                    record = id == null ? null : matcher.group(1) + "/" + FuzzCases.encode(id);
                }
                if (operation.method().equals("POST") && operation.in("path").isEmpty()
                        && readable.contains(operation.path())) {
                    collection = operation.path();
                }
            }
            this.recordPath = record;
            this.recordId = id;
            this.collectionPath = collection;
        }

        String recordPath() {
            return recordPath;
        }

        String recordId() {
            return recordId;
        }

        String collectionPath() {
            return collectionPath;
        }

        Snapshot before() {
            if (current == null && (recordPath != null || collectionPath != null)) {
                current = read();
            }
            return current;
        }

        Snapshot after() {
            current = recordPath != null || collectionPath != null ? read() : null;
            return current;
        }

        void changed() {
            current = null;
        }

        private Snapshot read() {
            String etag = null;
            String state = null;
            if (recordPath != null) {
                Response record = admin.get(recordPath);
                if (record.status() == 200) {
                    etag = record.header("ETag");
                    state = etag != null ? etag : inMotion(record) ? null : record.body();
                }
            }
            Set<String> ids = null;
            if (collectionPath != null) {
                Response list = admin.get(collectionPath + "?limit=200");
                // a GET beside a POST is not always the POST's collection (GET and POST /api/contacts/export are CSV)
                String type = list.header("Content-Type");
                if (list.status() == 200 && type != null && type.contains("json")) {
                    JsonNode body = list.json();
                    JsonNode items = body.isArray() ? body : body.path("items");
                    ids = new HashSet<>();
                    for (JsonNode item : items) {
                        ids.add(item.hasNonNull("id") ? item.get("id").asString()
                                : new String(JSON.writeValueAsBytes(item), StandardCharsets.UTF_8));
                    }
                }
            }
            return new Snapshot(etag, state, ids);
        }

        /**
         * A record without a version that the platform is still working on (an automation run being executed or
         * retried) changes by itself, with no event to tell it: its state cannot be judged, only its collection.
         */
        private static boolean inMotion(Response record) {
            try {
                return IN_MOTION.contains(record.json().path("status").asString("").toLowerCase(java.util.Locale.ROOT));
            } catch (RuntimeException notJson) {
                return false;
            }
        }
    }
}

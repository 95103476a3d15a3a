package io.pulsecrm.automation.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventTypes;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.TestEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real HTTP server standing in for contacts-, deals- and tasks-service (which do not run in these tests). It
 * records every request, keeps deals and contacts it was given, applies moves and patches with If-Match like the
 * real services, emulates their Idempotency-Key replay for POST, and publishes the events the real service would
 * (carrying the caller's X-Causation-Id), so chains of rules can loop. Failures are scripted per task title.
 */
public final class StandIns {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static StandIns shared;

    /** One request as received. */
    public record Request(String method, String path, Map<String, String> headers, JsonNode body, int status) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }

        /** The subject of the bearer token (unverified: the token itself comes from the test issuer). */
        public String tokenSubject() {
            String authorization = header("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                return null;
            }
            String[] parts = authorization.substring(7).split("\\.");
            return parts.length < 2 ? null : JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("sub").asString(null);
        }

        public String tokenScopes() {
            String[] parts = header("Authorization").substring(7).split("\\.");
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("scope").asString("");
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> records = new ConcurrentHashMap<>();
    private final Map<String, String> replies = new ConcurrentHashMap<>();
    /** Task titles containing a key fail with 503 that many more times (-1: until changed). */
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private StandIns() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static synchronized StandIns shared() {
        if (shared == null) {
            shared = new StandIns();
        }
        return shared;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> requests(Predicate<Request> filter) {
        return requests.stream().filter(filter).toList();
    }

    /** Task creations whose title contains the text. */
    public List<Request> taskRequests(String titleContains) {
        return requests(r -> r.method().equals("POST") && r.path().equals("/api/tasks")
                && r.body().path("title").asString("").contains(titleContains));
    }

    /** Tasks the stand-in created (not replays, not failures) whose title contains the text. */
    public long tasksCreated(String titleContains) {
        return taskRequests(titleContains).stream().filter(r -> r.status() == 201).count();
    }

    /** Deal creations (POST /api/deals) whose title contains the text, failures and replays included. */
    public List<Request> dealRequests(String titleContains) {
        return requests(r -> r.method().equals("POST") && r.path().equals("/api/deals")
                && r.body().path("title").asString("").contains(titleContains));
    }

    /** Makes task (and deal) creations with this text in the title fail with 503 {@code times} times (-1: always). */
    public void failTasks(String titleContains, int times) {
        failures.put(titleContains, new AtomicInteger(times));
    }

    public void healTasks(String titleContains) {
        failures.remove(titleContains);
    }

    /** Keeps a deal (as deals-service would show it) at version 0. */
    public void putDeal(String id, ObjectNode deal) {
        deal.put("id", id);
        deal.put("version", 0);
        records.put("/api/deals/" + id, deal);
    }

    public void putContact(String id, ObjectNode contact) {
        contact.put("id", id);
        contact.put("version", 0);
        records.put("/api/contacts/" + id, contact);
    }

    public JsonNode record(String path) {
        return records.get(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? JSON.missingNode() : JSON.readTree(raw);
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst()));
        Reply reply;
        synchronized (this) {
            reply = answer(method, path, headers, body);
        }
        requests.add(new Request(method, path, Map.copyOf(headers), body, reply.status));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (reply.etag != null) {
            exchange.getResponseHeaders().add("ETag", reply.etag);
        }
        if (reply.replayed) {
            exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
        }
        byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private record Reply(int status, String body, String etag, boolean replayed) {
        static Reply of(int status, String body) {
            return new Reply(status, body, null, false);
        }
    }

    private Reply answer(String method, String path, Map<String, String> headers, JsonNode body) {
        if (path.startsWith("/hooks/")) {
            return Reply.of(204, ""); // a partner's webhook receiver: no Pulse token expected
        }
        if (headers.get("authorization") == null) {
            return Reply.of(401, "{\"detail\":\"no token\"}");
        }
        String key = headers.get("idempotency-key");
        if ("POST".equals(method) && key != null && replies.containsKey(method + path + key)) {
            String[] stored = replies.get(method + path + key).split("\n", 2);
            return new Reply(Integer.parseInt(stored[0]), stored[1], null, true);
        }
        Reply reply = route(method, path, headers, body);
        if ("POST".equals(method) && key != null && reply.status < 500) {
            replies.put(method + path + key, reply.status + "\n" + reply.body);
        }
        return reply;
    }

    private Reply route(String method, String path, Map<String, String> headers, JsonNode body) {
        if ("POST".equals(method) && (path.equals("/api/tasks") || path.equals("/api/deals"))) {
            String title = body.path("title").asString("");
            for (var failure : failures.entrySet()) {
                if (title.contains(failure.getKey())) {
                    int left = failure.getValue().getAndDecrement();
                    if (left != 0) {
                        return Reply.of(503, "{\"detail\":\"tasks-service is down\"}");
                    }
                }
            }
            if (title.contains("refused")) {
                return Reply.of(400, "{\"detail\":\"The request has invalid fields\",\"errors\":[{\"field\":\"assigneeId\",\"message\":\"unknown user\"}]}");
            }
            ObjectNode task = (ObjectNode) body.deepCopy();
            task.put("id", (path.equals("/api/deals") ? "deal-" : "task-") + ids.incrementAndGet());
            return Reply.of(201, JSON.writeValueAsString(task));
        }
        ObjectNode record = records.get(path.replaceAll("/(move|assign)$", ""));
        if (record == null) {
            return Reply.of(404, "{\"detail\":\"not found\"}");
        }
        String etag = "\"" + record.path("version").asLong() + "\"";
        if ("GET".equals(method)) {
            return new Reply(200, JSON.writeValueAsString(record), etag, false);
        }
        if (!etag.equals(headers.get("if-match"))) {
            return Reply.of(409, "{\"detail\":\"version conflict\"}");
        }
        String cause = headers.get("x-causation-id");
        if (path.endsWith("/move")) {
            JsonNode previous = record.path("stage").deepCopy();
            ObjectNode stage = JSON.createObjectNode().put("id", body.path("stageId").asString())
                    .put("name", body.path("stageId").asString()).put("kind", "open");
            record.set("stage", stage);
            bump(record);
            publish("pulse.deals.deal.v1", "pulse.deal.stage_changed.v1", record.path("id").asString(), cause,
                    Map.of("deal", record.deepCopy(), "previousStage", previous, "newStage", stage,
                            "secondsInPreviousStage", 1, "reason", "moved"));
            return new Reply(200, JSON.writeValueAsString(record), "\"" + record.path("version").asLong() + "\"", false);
        }
        if ("PATCH".equals(method)) {
            ObjectNode changes = JSON.createObjectNode();
            for (var entry : body.properties()) {
                ObjectNode change = changes.putObject(entry.getKey());
                change.set("from", record.path(entry.getKey()).deepCopy());
                change.set("to", entry.getValue());
                record.set(entry.getKey(), entry.getValue());
            }
            bump(record);
            String type = path.startsWith("/api/deals") ? "deal" : "contact";
            publish(type.equals("deal") ? "pulse.deals.deal.v1" : "pulse.contacts.contact.v1", "pulse." + type + ".updated.v1",
                    record.path("id").asString(), cause, Map.of(type, record.deepCopy(), "changes", changes));
            return new Reply(200, JSON.writeValueAsString(record), "\"" + record.path("version").asLong() + "\"", false);
        }
        return Reply.of(405, "{}");
    }

    private static void bump(ObjectNode record) {
        record.put("version", record.path("version").asLong() + 1);
    }

    /** Publishes what the real service would, caused by the call (X-Causation-Id), as the calling client. */
    private static void publish(String topic, String type, String subject, String causationId, Map<String, ?> data) {
        EventEnvelope event = new EventEnvelope(Ids.newId(), "/pulse/" + type.split("\\.")[1] + "s-service", type, subject,
                Instant.now(), EventTypes.schemaUri(type), "client:pulse-automation", type.split("\\.")[1], 2,
                Ids.newId(), causationId, null, EventJson.toTree(data));
        Thread.ofVirtual().start(() -> TestEvents.publish(topic, event));
    }
}

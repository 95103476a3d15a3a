package io.pulsecrm.e2e.chaos;

import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.pulsecrm.platform.test.ApiClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests through the gateway as a careful client sends them (DESIGN.md §5, gateway/README.md): an answer that says
 * the service was unavailable (502, 503, 504, 429, a write of the same key still in flight) or no answer at all is
 * retried after a moment, a POST with the same {@code Idempotency-Key}, a change with the same {@code If-Match}.
 * Counts what it sent and what came back, for the test's figures.
 */
final class Calls {

    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    /** Longer than any outage the test causes: a replica restart, the broker's or the store's. */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The final answer to one logical request, after retries. */
    record Outcome(int status, String body, int attempts) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        long version() {
            return json().get("version").asLong();
        }

        String id() {
            return json().get("id").asString();
        }

        @Override
        public String toString() {
            return status + " after " + attempts + " attempt(s): " + (body.length() > 300 ? body.substring(0, 300) : body);
        }
    }

    /** A request answered with a server error that was not "unavailable": worth a look whatever happened next. */
    record ServerError(String method, String path, int status, String body) {
    }

    private final LongAdder requests = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final Map<Integer, LongAdder> firstAnswers = new ConcurrentHashMap<>();
    private final List<ServerError> serverErrors = new CopyOnWriteArrayList<>();

    Outcome post(ApiClient client, String path, String json, String idempotencyKey) {
        return send(client, "POST", path, json, Map.of("Content-Type", "application/json", "Idempotency-Key", idempotencyKey));
    }

    /** A change of a record at {@code version} (its ETag), e.g. a PATCH or a deal move. */
    Outcome change(ApiClient client, String method, String path, String json, long version) {
        String ifMatch = "\"" + version + "\"";
        return send(client, method, path, json, json == null ? Map.of("If-Match", ifMatch)
                : Map.of("Content-Type", "application/json", "If-Match", ifMatch));
    }

    Outcome get(ApiClient client, String path) {
        return send(client, "GET", path, null, Map.of());
    }

    Outcome send(ApiClient client, String method, String path, String body, Map<String, String> headers) {
        AtomicReference<Outcome> last = new AtomicReference<>();
        AtomicInteger attempts = new AtomicInteger();
        await().atMost(GIVE_UP_AFTER).pollDelay(Duration.ZERO).pollInterval(RETRY_EVERY).until(() -> {
            int attempt = attempts.incrementAndGet();
            requests.increment();
            if (attempt > 1) {
                retried.increment();
            }
            Outcome outcome;
            try {
                ApiClient.Response response = client.send(method, path, body, headers);
                outcome = new Outcome(response.status(), response.body(), attempt);
            } catch (UncheckedIOException noAnswer) {
                outcome = new Outcome(0, String.valueOf(noAnswer.getMessage()), attempt);
            }
            if (attempt == 1) {
                firstAnswers.computeIfAbsent(outcome.status(), s -> new LongAdder()).increment();
            }
            if (outcome.status() >= 500 && outcome.status() != 502 && outcome.status() != 503 && outcome.status() != 504) {
                serverErrors.add(new ServerError(method, path, outcome.status(), outcome.body()));
            }
            last.set(outcome);
            return !retryable(outcome);
        });
        return last.get();
    }

    private static boolean retryable(Outcome outcome) {
        int status = outcome.status();
        return status == 0 || status == 429 || status >= 500
                || status == 409 && outcome.body().contains("idempotency-key-in-flight");
    }

    /** Every item of a cursor-paged list ({@code {items, nextCursor}}), {@code path} without limit or cursor. */
    List<JsonNode> all(ApiClient client, String path) {
        List<JsonNode> items = new java.util.ArrayList<>();
        String cursor = null;
        String separator = path.contains("?") ? "&" : "?";
        do {
            String page = path + separator + "limit=200" + (cursor == null ? ""
                    : "&cursor=" + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
            Outcome outcome = get(client, page);
            if (!outcome.ok()) {
                throw new AssertionError("GET " + page + ": " + outcome);
            }
            JsonNode json = outcome.json();
            json.get("items").forEach(items::add);
            JsonNode next = json.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return items;
    }

    long requests() {
        return requests.sum();
    }

    long retried() {
        return retried.sum();
    }

    /** How many requests got each status at their first attempt (0 = no answer). */
    Map<Integer, Long> firstAnswers() {
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        firstAnswers.forEach((status, count) -> counts.put(status, count.sum()));
        return counts;
    }

    List<ServerError> serverErrors() {
        return List.copyOf(serverErrors);
    }
}

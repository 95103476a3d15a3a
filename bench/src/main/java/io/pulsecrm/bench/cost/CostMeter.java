package io.pulsecrm.bench.cost;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads the cost counters of every Pulse process ({@code /actuator/prometheus}, open without a token) so that a
 * scenario's store commands, Kafka records and CPU time can be told apart from its throughput: counts do not depend on
 * the machine's noise, so they are what commits are compared by.
 * <p>
 * A scenario's work goes on after its last call returns (the relay publishes, consumers in other services react), so
 * a reading waits until the platform is {@linkplain #settled() settled}: no event waiting in an outbox relay's queue and
 * no Kafka record produced or consumed anywhere for {@link #quietFor}. Background work that runs meanwhile (schedulers, the outbox sweep) is counted too; it is small
 * against thousands of operations, and {@link #idle} measures it.
 */
public final class CostMeter {

    /** @param name how the report calls it; @param base where its actuator answers */
    public record Endpoint(String name, URI base) {
    }

    /** The default local runner (deploy/all-in-one): one instance of each process on its usual port. */
    public static final List<Endpoint> LOCAL_RUNNER = List.of(
            new Endpoint("gateway", URI.create("http://127.0.0.1:8080")),
            new Endpoint("identity", URI.create("http://127.0.0.1:9000")),
            new Endpoint("contacts", URI.create("http://127.0.0.1:8081")),
            new Endpoint("deals", URI.create("http://127.0.0.1:8082")),
            new Endpoint("tasks", URI.create("http://127.0.0.1:8083")),
            new Endpoint("automation", URI.create("http://127.0.0.1:8084")),
            new Endpoint("notification", URI.create("http://127.0.0.1:8085")));

    private static final Duration POLL = Duration.ofMillis(250);

    private final List<Endpoint> endpoints;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration quietFor;
    private final Duration maxSettle;

    public CostMeter(List<Endpoint> endpoints, Duration timeout, Duration quietFor, Duration maxSettle) {
        this.endpoints = List.copyOf(endpoints);
        this.timeout = timeout;
        this.quietFor = quietFor;
        this.maxSettle = maxSettle;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public static CostMeter forLocalRunner(List<Endpoint> endpoints) {
        return new CostMeter(endpoints, Duration.ofSeconds(2), Duration.ofMillis(750), Duration.ofSeconds(30));
    }

    /** One reading of every process that answers (one that does not is left out). */
    public Map<String, ServiceCounters> read() {
        Map<String, CompletableFuture<ServiceCounters>> pending = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            HttpRequest request = HttpRequest.newBuilder(endpoint.base().resolve("/actuator/prometheus"))
                    .timeout(timeout).header("Accept", "text/plain;version=0.0.4").GET().build();
            pending.put(endpoint.name(), http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> response.statusCode() == 200
                            ? ServiceCounters.of(PrometheusText.parse(response.body())) : null)
                    .exceptionally(unreachable -> null));
        }
        Map<String, ServiceCounters> readings = new LinkedHashMap<>();
        pending.forEach((name, future) -> {
            ServiceCounters counters = future.join();
            if (counters != null) {
                readings.put(name, counters);
            }
        });
        return readings;
    }

    /**
     * A reading taken once the relays' queues are empty and no Kafka record has moved for {@link #quietFor} (or after
     * {@link #maxSettle}).
     */
    public Map<String, ServiceCounters> settled() throws InterruptedException {
        long deadline = System.nanoTime() + maxSettle.toNanos();
        Map<String, ServiceCounters> last = read();
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL); // polling a remote process: there is no condition to await
            Map<String, ServiceCounters> next = read();
            if (kafkaRecords(next) != kafkaRecords(last) || relayQueued(next) > 0 || !next.keySet().equals(last.keySet())) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quietFor.toNanos()) {
                return next;
            }
            last = next;
        }
        return last;
    }

    private static double relayQueued(Map<String, ServiceCounters> readings) {
        return readings.values().stream().mapToDouble(ServiceCounters::relayQueued).sum();
    }

    private static double kafkaRecords(Map<String, ServiceCounters> readings) {
        return readings.values().stream().mapToDouble(c -> c.kafkaProduced() + c.kafkaConsumed()).sum();
    }

    /** For the progress stream: which processes answered. */
    public String reachable() {
        return String.join(", ", read().keySet());
    }
}

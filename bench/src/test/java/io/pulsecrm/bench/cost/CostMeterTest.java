package io.pulsecrm.bench.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import io.pulsecrm.bench.load.LoadPlan;
import io.pulsecrm.bench.load.LoadRunner;
import io.pulsecrm.bench.load.ScenarioResult;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meter against a process that serves its counters over a real socket, as a Pulse service does: each operation
 * costs it three store commands at once, one Kafka record produced by its relay later (longer than the meter's quiet
 * period, so only the relay's queue says it is still coming), and one record consumed after that (as a consumer in
 * another service would), so only a reading that waits for the platform to settle sees all of it.
 */
class CostMeterTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final BenchTargets TARGETS = new BenchTargets(URI.create("http://127.0.0.1:1"), "mongodb://127.0.0.1:1",
            "127.0.0.1:1", Optional.empty(), Duration.ofSeconds(1), 2, 10, false);

    private final AtomicLong inserts = new AtomicLong(1000); // what the process did before the run
    private final AtomicLong produced = new AtomicLong(50);
    private final AtomicLong consumed = new AtomicLong(50);
    private final AtomicLong queued = new AtomicLong();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private HttpServer process;

    @BeforeEach
    void startProcess() throws IOException {
        process = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        process.createContext("/actuator/prometheus", exchange -> {
            byte[] body = ("""
                    # TYPE mongodb_driver_commands_seconds summary
                    mongodb_driver_commands_seconds_count{collection="contacts",command="insert",status="SUCCESS"} %d
                    kafka_producer_record_send_total{client_id="relay"} %d
                    kafka_consumer_fetch_manager_records_consumed_total{client_id="consumer"} %d
                    pulse_outbox_queued %d
                    """.formatted(inserts.get(), produced.get(), consumed.get(), queued.get())).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        process.start();
    }

    @AfterEach
    void stopProcess() {
        process.stop(0);
        later.shutdownNow();
    }

    @Test
    void theCostPerOperationIncludesTheWorkThatHappensAfterTheCallReturnedAndLeavesOutProcessesThatDoNotAnswer() {
        CostMeter meter = new CostMeter(List.of(
                new CostMeter.Endpoint("contacts", URI.create("http://127.0.0.1:" + process.getAddress().getPort())),
                new CostMeter.Endpoint("down", URI.create("http://127.0.0.1:1"))),
                Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(20));
        ScenarioDefinition create = ScenarioDefinition.baseline("create", "one costly operation", targets -> new Scenario() {
            @Override
            public void setUp() {
            }

            @Override
            public void execute(long sequence) {
                inserts.addAndGet(3);
                queued.incrementAndGet();
                later.schedule(() -> {
                    produced.incrementAndGet();
                    queued.decrementAndGet();
                    later.schedule(consumed::incrementAndGet, 100, TimeUnit.MILLISECONDS);
                }, 900, TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
            }
        });

        ScenarioResult result = new LoadRunner(TARGETS, new LoadPlan(2, Duration.ofSeconds(1), OptionalLong.of(40),
                Duration.ofMillis(200)), QUIET, Optional.of(meter)).run(create);

        assertThat(result.operations()).isEqualTo(40);
        Cost cost = result.cost().orElseThrow();
        assertThat(cost.perService()).containsOnlyKeys("contacts");
        assertThat(cost.storeCommandsPerUnit()).as("the warm-up's operations are not counted").isEqualTo(3.0);
        assertThat(cost.kafkaProducedPerUnit()).as("published after the last call returned").isEqualTo(1.0);
        assertThat(cost.kafkaConsumedPerUnit()).as("consumed after the last call returned").isEqualTo(1.0);
        assertThat(cost.shares().getFirst().byCollection()).containsEntry("contacts insert", 3.0);
        assertThat(cost.cpuMillisPerUnit()).as("this process reports no CPU time").isNaN();
    }
}

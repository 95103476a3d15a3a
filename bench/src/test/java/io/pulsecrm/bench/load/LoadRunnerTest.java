package io.pulsecrm.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import org.junit.jupiter.api.Test;

/** Counting and bookkeeping only: the figures themselves depend on the machine and are never asserted. */
class LoadRunnerTest {

    private static final BenchTargets TARGETS = new BenchTargets(URI.create("http://127.0.0.1:1"), "mongodb://127.0.0.1:1",
            "127.0.0.1:1", Optional.empty(), Duration.ofSeconds(1), 4, 10, false);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void measuresExactlyTheRequestedOperationsWithUniqueSequenceNumbersAndCountsErrors() {
        Set<Long> sequences = ConcurrentHashMap.newKeySet();
        AtomicBoolean closed = new AtomicBoolean();
        ScenarioDefinition everyThirdFails = ScenarioDefinition.baseline("counting", "counts", targets -> new Scenario() {
            @Override
            public void setUp() {
            }

            @Override
            public void execute(long sequence) throws OperationFailedException {
                assertThat(sequences.add(sequence)).as("sequence numbers are unique").isTrue();
                if (sequence % 3 == 0) {
                    throw new OperationFailedException("HTTP 503 unavailable");
                }
            }

            @Override
            public void close() {
                closed.set(true);
            }
        });

        ScenarioResult result = new LoadRunner(TARGETS, new LoadPlan(4, Duration.ofSeconds(1), OptionalLong.of(300),
                Duration.ZERO), QUIET).run(everyThirdFails);

        assertThat(result.ran()).isTrue();
        assertThat(result.operations() + result.errors()).isEqualTo(300);
        assertThat(result.errors()).isEqualTo(100);
        assertThat(result.errorSamples()).containsEntry("OperationFailedException: HTTP 503 unavailable", 100L);
        assertThat(result.latency()).isPresent();
        assertThat(result.latency().orElseThrow().p50()).isLessThanOrEqualTo(result.latency().orElseThrow().max());
        assertThat(closed).isTrue();
    }

    @Test
    void aScenarioWhoseTargetIsDownIsReportedNotRun() {
        ScenarioDefinition down = ScenarioDefinition.baseline("down", "target down", targets -> new Scenario() {
            @Override
            public void setUp() {
                throw new ScenarioUnavailableException("the gateway at http://127.0.0.1:1 is unreachable");
            }

            @Override
            public void execute(long sequence) {
                throw new AssertionError("never runs");
            }

            @Override
            public void close() {
            }
        });

        ScenarioResult result = new LoadRunner(TARGETS, new LoadPlan(2, Duration.ofSeconds(1), OptionalLong.empty(),
                Duration.ZERO), QUIET).run(down);

        assertThat(result.ran()).isFalse();
        assertThat(result.unavailable()).hasValue("the gateway at http://127.0.0.1:1 is unreachable");
        assertThat(result.throughput()).isZero();
    }
}

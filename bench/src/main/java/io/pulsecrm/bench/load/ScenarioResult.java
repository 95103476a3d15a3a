package io.pulsecrm.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.pulsecrm.bench.cost.Cost;
import io.pulsecrm.bench.scenario.ScenarioDefinition;

/**
 * What one scenario measured, or why it could not run.
 *
 * @param operations   successful operations in the measured phase
 * @param errors       failed operations in the measured phase (not in the latencies)
 * @param elapsed      wall time of the measured phase
 * @param latency      of successful operations; empty when none succeeded
 * @param errorSamples a few distinct error messages with their counts
 * @param unavailable  why the scenario did not run at all; empty when it ran
 * @param cost         what the measured operations cost the platform's processes; empty when not measured
 */
public record ScenarioResult(ScenarioDefinition definition, long operations, long errors, Duration elapsed,
                             Optional<LatencySummary> latency, Map<String, Long> errorSamples,
                             Optional<String> unavailable, Optional<Cost> cost) {

    public ScenarioResult(ScenarioDefinition definition, long operations, long errors, Duration elapsed,
                          Optional<LatencySummary> latency, Map<String, Long> errorSamples, Optional<String> unavailable) {
        this(definition, operations, errors, elapsed, latency, errorSamples, unavailable, Optional.empty());
    }

    public static ScenarioResult unavailable(ScenarioDefinition definition, String reason) {
        return new ScenarioResult(definition, 0, 0, Duration.ZERO, Optional.empty(), Map.of(), Optional.of(reason));
    }

    public ScenarioResult withCost(Cost measured) {
        return new ScenarioResult(definition, operations, errors, elapsed, latency, errorSamples, unavailable,
                Optional.of(measured));
    }

    public String name() {
        return definition.name();
    }

    public boolean ran() {
        return unavailable.isEmpty();
    }

    /** Units of work per second, for scenarios whose operations are batches of them ({@link ScenarioDefinition#work()}). */
    public Optional<Double> workThroughput() {
        return definition.work().map(work -> throughput() * work.perOperation());
    }

    /** Successful operations per second of the measured phase. */
    public double throughput() {
        return elapsed.isZero() ? 0 : operations / (elapsed.toNanos() / 1e9);
    }
}

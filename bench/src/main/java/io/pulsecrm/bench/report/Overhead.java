package io.pulsecrm.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pulsecrm.bench.load.ScenarioResult;

/**
 * How many times more an API call costs than the raw store or broker operation under it, both ways
 * round read as "times slower", so 1.0 means no overhead and larger is worse:
 * <ul>
 *   <li>{@code latencyRatio} = API p50 / baseline p50;</li>
 *   <li>{@code throughputRatio} = baseline ops/s / API ops/s, at the same concurrency.</li>
 * </ul>
 */
public record Overhead(String scenario, String baseline, double latencyRatio, double throughputRatio) {

    /** One entry for each API scenario whose baseline ran in the same invocation and both measured something. */
    public static List<Overhead> of(List<ScenarioResult> results) {
        Map<String, ScenarioResult> byName = results.stream()
                .collect(Collectors.toMap(ScenarioResult::name, Function.identity()));
        List<Overhead> overheads = new ArrayList<>();
        for (ScenarioResult result : results) {
            result.definition().baseline().map(byName::get).ifPresent(baseline -> {
                if (comparable(result) && comparable(baseline)) {
                    overheads.add(new Overhead(result.name(), baseline.name(),
                            (double) result.latency().orElseThrow().p50() / baseline.latency().orElseThrow().p50(),
                            baseline.throughput() / result.throughput()));
                }
            });
        }
        return overheads;
    }

    /** API scenarios whose ratio cannot be given, and why, so the report can say so instead of staying silent. */
    public static List<String> missing(List<ScenarioResult> results) {
        Map<String, ScenarioResult> byName = results.stream()
                .collect(Collectors.toMap(ScenarioResult::name, Function.identity()));
        List<String> missing = new ArrayList<>();
        for (ScenarioResult result : results) {
            result.definition().baseline().ifPresent(baselineName -> {
                ScenarioResult baseline = byName.get(baselineName);
                if (!comparable(result)) {
                    missing.add(result.name() + ": no successful operations to compare");
                } else if (baseline == null) {
                    missing.add(result.name() + ": run " + baselineName + " in the same invocation to compare");
                } else if (!comparable(baseline)) {
                    missing.add(result.name() + ": baseline " + baselineName + " has no figures");
                }
            });
        }
        return missing;
    }

    private static boolean comparable(ScenarioResult result) {
        return result.ran() && result.latency().isPresent() && result.throughput() > 0;
    }
}

package io.pulsecrm.bench.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import io.pulsecrm.bench.cli.BenchOptions;
import io.pulsecrm.bench.cost.Cost;
import io.pulsecrm.bench.load.LatencySummary;
import io.pulsecrm.bench.load.ScenarioResult;

/** The results as plain-text tables for a person: latencies in milliseconds to the microsecond. */
public final class TableReport {

    private static final String ROW = "%-18s %9s %7s %10s %9s %9s %9s %9s %9s%n";
    private static final String OVERHEAD_ROW = "%-18s %-18s %10s %17s%n";
    private static final double MICROS_PER_MILLI = 1000.0;
    /** Costs below this per operation are background noise in the breakdown (still in the totals). */
    private static final double MIN_SHOWN = 0.01;

    private final PrintStream out;

    public TableReport(PrintStream out) {
        this.out = out;
    }

    public void print(BenchOptions options, List<ScenarioResult> results) {
        out.println();
        out.println("Pulse bench: " + options.plan().describe() + " per scenario; latencies in ms, successful operations only");
        out.println();
        out.printf(Locale.ROOT, ROW, "SCENARIO", "OPS", "ERRORS", "OPS/S", "P50", "P90", "P99", "P99.9", "MAX");
        for (ScenarioResult result : results) {
            if (!result.ran()) {
                out.printf(Locale.ROOT, "%-18s not run: %s%n", result.name(), result.unavailable().orElseThrow());
                continue;
            }
            LatencySummary latency = result.latency().orElse(null);
            out.printf(Locale.ROOT, ROW, result.name(), result.operations(), result.errors(),
                    String.format(Locale.ROOT, "%.1f", result.throughput()),
                    millis(latency, LatencySummary::p50), millis(latency, LatencySummary::p90),
                    millis(latency, LatencySummary::p99), millis(latency, LatencySummary::p999),
                    millis(latency, LatencySummary::max));
        }
        printWork(results);
        printErrors(results);
        printOverhead(results);
        printCost(results);
        out.println();
    }

    private void printCost(List<ScenarioResult> results) {
        List<ScenarioResult> measured = results.stream().filter(r -> r.cost().isPresent() && r.operations() > 0).toList();
        if (measured.isEmpty()) {
            return;
        }
        out.println();
        out.println("Cost per operation (what the platform's processes did, from their /actuator/prometheus counters, "
                + "until no Kafka record moved; background work included):");
        for (ScenarioResult result : measured) {
            Cost cost = result.cost().orElseThrow();
            out.printf(Locale.ROOT, "%-18s %.1f store commands, %.1f Kafka records produced, %.1f consumed, %s ms CPU%n",
                    result.name(), cost.storeCommandsPerUnit(), cost.kafkaProducedPerUnit(), cost.kafkaConsumedPerUnit(),
                    decimal(cost.cpuMillisPerUnit()));
            for (Cost.Share share : cost.shares()) {
                if (share.storeCommands() < MIN_SHOWN && share.kafkaProduced() < MIN_SHOWN && share.kafkaConsumed() < MIN_SHOWN
                        && (share.cpuMillis() == null || share.cpuMillis() < MIN_SHOWN)) {
                    continue;
                }
                StringBuilder commands = new StringBuilder();
                share.byCollection().forEach((command, count) -> {
                    if (count >= MIN_SHOWN) {
                        commands.append(commands.isEmpty() ? "" : ", ").append(command).append(' ')
                                .append(decimal(count));
                    }
                });
                out.printf(Locale.ROOT, "  %-14s %6s cmds %5s out %5s in %7s ms CPU   %s%n", share.service(),
                        decimal(share.storeCommands()), decimal(share.kafkaProduced()), decimal(share.kafkaConsumed()),
                        share.cpuMillis() == null ? "n/a" : decimal(share.cpuMillis()), commands);
            }
        }
    }

    private static String decimal(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }

    private void printWork(List<ScenarioResult> results) {
        results.stream().filter(r -> r.ran() && r.definition().work().isPresent()).forEach(result -> {
            var work = result.definition().work().orElseThrow();
            out.printf(Locale.ROOT, "%-18s %.1f %s/s (%d per operation)%n", result.name(),
                    result.workThroughput().orElse(0.0), work.unit(), work.perOperation());
        });
    }

    private void printErrors(List<ScenarioResult> results) {
        results.stream().filter(r -> r.errors() > 0).forEach(result -> {
            out.println();
            out.println(result.name() + " errors (" + result.errors() + "), by message:");
            result.errorSamples().forEach((message, count) -> out.printf(Locale.ROOT, "  %7d  %s%n", count, message));
        });
    }

    private void printOverhead(List<ScenarioResult> results) {
        List<Overhead> overheads = Overhead.of(results);
        List<String> missing = Overhead.missing(results);
        if (overheads.isEmpty() && missing.isEmpty()) {
            return;
        }
        out.println();
        out.println("Overhead against baselines (x times the raw operation; 1.0 = none, higher = costlier):");
        if (!overheads.isEmpty()) {
            out.printf(Locale.ROOT, OVERHEAD_ROW, "SCENARIO", "BASELINE", "P50 RATIO", "THROUGHPUT RATIO");
        }
        overheads.forEach(o -> out.printf(Locale.ROOT, OVERHEAD_ROW, o.scenario(), o.baseline(),
                String.format(Locale.ROOT, "%.1fx", o.latencyRatio()),
                String.format(Locale.ROOT, "%.1fx", o.throughputRatio())));
        missing.forEach(line -> out.println("  " + line));
    }

    private static String millis(LatencySummary latency, java.util.function.ToLongFunction<LatencySummary> percentile) {
        return latency == null ? "-" : String.format(Locale.ROOT, "%.3f", percentile.applyAsLong(latency) / MICROS_PER_MILLI);
    }
}

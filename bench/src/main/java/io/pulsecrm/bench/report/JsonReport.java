package io.pulsecrm.bench.report;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.bench.cli.BenchOptions;
import io.pulsecrm.bench.cost.Cost;
import io.pulsecrm.bench.load.LatencySummary;
import io.pulsecrm.bench.load.ScenarioResult;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import tools.jackson.databind.json.JsonMapper;

/** The results as one JSON document for machines (CI trend charts, comparisons between commits). */
public final class JsonReport {

    private final PrintStream out;

    public JsonReport(PrintStream out) {
        this.out = out;
    }

    record Settings(String gateway, String mongo, String kafka, int concurrency, Long durationMillis, Long requests,
                    long warmupMillis, int fixtures) {
    }

    record Scenario(String name, String description, String baseline, String status, String reason, long operations,
                    long errors, double elapsedSeconds, double throughputPerSecond, LatencySummary latencyMicros,
                    Map<String, Long> errorSamples, String workUnit, Double workPerSecond, CostPerOperation cost) {
    }

    /** Per successful operation; NaN figures are written as null. */
    record CostPerOperation(Double storeCommands, Double kafkaProduced, Double kafkaConsumed, Double cpuMillis,
                            List<Cost.Share> services) {
        static CostPerOperation of(Cost cost) {
            return new CostPerOperation(orNull(cost.storeCommandsPerUnit()), orNull(cost.kafkaProducedPerUnit()),
                    orNull(cost.kafkaConsumedPerUnit()), orNull(cost.cpuMillisPerUnit()), cost.shares());
        }

        private static Double orNull(double value) {
            return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
        }
    }

    record Document(Instant finishedAt, Settings settings, List<Scenario> scenarios, List<Overhead> overhead) {
    }

    public void print(BenchOptions options, List<ScenarioResult> results) {
        Settings settings = new Settings(options.gateway().toString(), options.mongoUri(), options.kafkaBootstrap(),
                options.concurrency(), options.requests().isPresent() ? null : options.duration().toMillis(),
                options.requests().isPresent() ? options.requests().getAsLong() : null, options.warmup().toMillis(),
                options.fixtures());
        List<Scenario> scenarios = results.stream().map(r -> new Scenario(r.name(), r.definition().description(),
                r.definition().baseline().orElse(null), r.ran() ? "ran" : "not-run", r.unavailable().orElse(null),
                r.operations(), r.errors(), r.elapsed().toNanos() / 1e9, r.throughput(), r.latency().orElse(null),
                r.errorSamples(), r.definition().work().map(ScenarioDefinition.Work::unit).orElse(null),
                r.workThroughput().orElse(null), r.cost().filter(c -> r.operations() > 0).map(CostPerOperation::of)
                .orElse(null))).toList();
        out.println(JsonMapper.shared().writerWithDefaultPrettyPrinter()
                .writeValueAsString(new Document(Instant.now(), settings, scenarios, Overhead.of(results))));
        out.flush();
    }
}

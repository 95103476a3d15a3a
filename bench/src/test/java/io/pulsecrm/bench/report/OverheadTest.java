package io.pulsecrm.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pulsecrm.bench.api.ContactCreateScenario;
import io.pulsecrm.bench.api.ContactReadScenario;
import io.pulsecrm.bench.baseline.MongoInsertScenario;
import io.pulsecrm.bench.cli.BenchOptionsParser;
import io.pulsecrm.bench.load.LatencySummary;
import io.pulsecrm.bench.load.ScenarioResult;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import org.junit.jupiter.api.Test;

class OverheadTest {

    @Test
    void ratiosReadAsTimesTheBaselineCost() {
        ScenarioResult insert = measured(MongoInsertScenario.DEFINITION, 20_000, 500);   // 2000 ops/s, p50 0.5 ms
        ScenarioResult create = measured(ContactCreateScenario.DEFINITION, 4_000, 2_000); // 400 ops/s, p50 2 ms

        assertThat(Overhead.of(List.of(insert, create))).singleElement().satisfies(overhead -> {
            assertThat(overhead.scenario()).isEqualTo("contact-create");
            assertThat(overhead.baseline()).isEqualTo("mongo-insert");
            assertThat(overhead.latencyRatio()).isCloseTo(4.0, within(1e-9));
            assertThat(overhead.throughputRatio()).isCloseTo(5.0, within(1e-9));
        });
    }

    @Test
    void theReportSaysWhyARatioIsMissing() {
        ScenarioResult create = measured(ContactCreateScenario.DEFINITION, 4_000, 2_000);
        ScenarioResult read = ScenarioResult.unavailable(ContactReadScenario.DEFINITION, "the gateway is unreachable");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TableReport(new PrintStream(out, true, StandardCharsets.UTF_8))
                .print(BenchOptionsParser.parse(new String[0], Map.of()), List.of(create, read));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains(
                "contact-create: run mongo-insert in the same invocation to compare",
                "contact-read: no successful operations to compare",
                "contact-read       not run: the gateway is unreachable",
                "2.000");
    }

    private static ScenarioResult measured(ScenarioDefinition definition, long operations, long p50Micros) {
        return new ScenarioResult(definition, operations, 0, Duration.ofSeconds(10),
                Optional.of(new LatencySummary(p50Micros, p50Micros * 2, p50Micros * 4, p50Micros * 8, p50Micros * 10, p50Micros)),
                Map.of(), Optional.empty());
    }
}

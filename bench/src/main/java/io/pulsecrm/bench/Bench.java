package io.pulsecrm.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulsecrm.bench.cli.BenchOptions;
import io.pulsecrm.bench.cli.BenchOptionsParser;
import io.pulsecrm.bench.cli.UsageException;
import io.pulsecrm.bench.cost.CostMeter;
import io.pulsecrm.bench.load.LoadRunner;
import io.pulsecrm.bench.load.ScenarioResult;
import io.pulsecrm.bench.report.JsonReport;
import io.pulsecrm.bench.report.TableReport;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioRegistry;

/**
 * Load driver for the live platform. Run by hand (bench/run), never by the test suite: its figures
 * depend on the machine and on whatever else it is doing.
 */
public final class Bench {

    private static final int EXIT_OK = 0;
    private static final int EXIT_SCENARIO_NOT_RUN = 1;
    private static final int EXIT_USAGE = 2;

    private Bench() {
    }

    public static void main(String[] args) {
        int exitCode = run(args, System.out, System.err);
        if (exitCode != EXIT_OK) {
            System.exit(exitCode);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream progress) {
        ScenarioRegistry registry = ScenarioRegistry.standard();
        BenchOptions options;
        List<ScenarioDefinition> selected;
        try {
            options = BenchOptionsParser.parse(args, System.getenv());
            selected = options.scenarios().isEmpty()
                    ? List.copyOf(registry.all())
                    : registry.select(options.scenarios());
        } catch (UsageException | IllegalArgumentException e) {
            progress.println(e.getMessage());
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(BenchOptionsParser.USAGE);
            return EXIT_OK;
        }
        if (options.list()) {
            registry.all().forEach(d -> out.printf("%-18s %s%s%n", d.name(), d.description(),
                    d.baseline().map(b -> " (compared with " + b + ")").orElse("")));
            return EXIT_OK;
        }

        LoadRunner runner = new LoadRunner(options.targets(), options.plan(), progress, costMeter(options, progress));
        List<ScenarioResult> results = new ArrayList<>();
        for (ScenarioDefinition definition : selected) {
            results.add(runner.run(definition));
        }
        if (options.json()) {
            new JsonReport(out).print(options, results);
        } else {
            new TableReport(out).print(options, results);
        }
        return results.stream().allMatch(ScenarioResult::ran) ? EXIT_OK : EXIT_SCENARIO_NOT_RUN;
    }

    private static Optional<CostMeter> costMeter(BenchOptions options, PrintStream progress) {
        if (options.costFrom().isEmpty()) {
            return Optional.empty();
        }
        CostMeter meter = CostMeter.forLocalRunner(options.costFrom());
        String reachable = meter.reachable();
        if (reachable.isEmpty()) {
            progress.println("cost not measured: no Pulse process answered /actuator/prometheus (--services, --no-cost)");
            return Optional.empty();
        }
        progress.println("cost read from: " + reachable);
        return Optional.of(meter);
    }
}

package io.pulsecrm.bench.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.pulsecrm.bench.cost.Cost;
import io.pulsecrm.bench.cost.CostMeter;
import io.pulsecrm.bench.cost.ServiceCounters;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import org.HdrHistogram.Histogram;

/**
 * Drives one scenario: set up, warm up, measure, close. Each worker is a virtual thread with its own
 * histogram (no contention while recording), merged when the phase ends. Latencies are recorded per
 * operation in microseconds.
 */
public final class LoadRunner {

    /** Anything slower than a minute is recorded as a minute; the request timeout is far below it. */
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(1);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final BenchTargets targets;
    private final LoadPlan plan;
    private final PrintStream progress;
    private final Optional<CostMeter> costs;

    public LoadRunner(BenchTargets targets, LoadPlan plan, PrintStream progress) {
        this(targets, plan, progress, Optional.empty());
    }

    /** @param costs reads the platform's cost counters around each measured phase; empty: throughput and latency only */
    public LoadRunner(BenchTargets targets, LoadPlan plan, PrintStream progress, Optional<CostMeter> costs) {
        this.targets = targets;
        this.plan = plan;
        this.progress = progress;
        this.costs = costs;
    }

    public ScenarioResult run(ScenarioDefinition definition) {
        progress.println("-> " + definition.name() + ": " + definition.description() + " (" + plan.describe() + ")");
        try (Scenario scenario = definition.factory().apply(targets)) {
            try {
                scenario.setUp();
            } catch (ScenarioUnavailableException e) {
                progress.println("   skipped: " + e.getMessage());
                return ScenarioResult.unavailable(definition, e.getMessage());
            }
            AtomicLong sequence = new AtomicLong();
            if (!plan.warmup().isZero()) {
                runPhase(scenario, sequence, Stop.after(plan.warmup()));
            }
            Stop stop = plan.requests().isPresent() ? Stop.afterOperations(plan.requests().getAsLong()) : Stop.after(plan.duration());
            // the warm-up's events still travelling would be counted as the measured operations' cost
            Optional<Map<String, ServiceCounters>> before = costs.isPresent() ? Optional.of(costs.get().settled()) : Optional.empty();
            Phase measured = runPhase(scenario, sequence, stop);
            ScenarioResult result = new ScenarioResult(definition, measured.histogram().getTotalCount(),
                    measured.errors().total(), measured.elapsed(),
                    measured.histogram().getTotalCount() == 0 ? Optional.empty() : Optional.of(LatencySummary.of(measured.histogram())),
                    measured.errors().samples(), Optional.empty());
            progress.printf("   %d operations, %d errors, %.1f ops/s%n", result.operations(), result.errors(), result.throughput());
            if (before.isPresent() && result.operations() > 0) {
                Cost cost = Cost.between(before.get(), costs.get().settled(), result.operations());
                progress.printf("   per operation: %.1f store commands, %.1f Kafka records produced, %.1f consumed, %.1f ms CPU%n",
                        cost.storeCommandsPerUnit(), cost.kafkaProducedPerUnit(), cost.kafkaConsumedPerUnit(),
                        cost.cpuMillisPerUnit());
                result = result.withCost(cost);
            }
            return result;
        } catch (ScenarioUnavailableException e) {
            return ScenarioResult.unavailable(definition, e.getMessage());
        } catch (Exception e) {
            progress.println("   failed: " + e);
            return ScenarioResult.unavailable(definition, "set-up failed: " + e);
        }
    }

    private record Phase(Histogram histogram, ErrorTally errors, Duration elapsed) {
    }

    private Phase runPhase(Scenario scenario, AtomicLong sequence, Stop stop) throws Exception {
        AtomicLong issued = new AtomicLong();
        long begin = System.nanoTime();
        long deadline = stop.duration().map(d -> begin + d.toNanos()).orElse(Long.MAX_VALUE);
        long limit = stop.operations().orElse(Long.MAX_VALUE);
        List<Future<Worker>> workers = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < plan.concurrency(); i++) {
                workers.add(executor.submit(() -> {
                    Worker worker = new Worker();
                    while (System.nanoTime() < deadline && issued.getAndIncrement() < limit) {
                        long start = System.nanoTime();
                        try {
                            scenario.execute(sequence.getAndIncrement());
                            long micros = (System.nanoTime() - start) / 1_000;
                            worker.latencies.recordValue(Math.min(Math.max(micros, 1), HIGHEST_TRACKABLE_MICROS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        } catch (Exception e) {
                            worker.errors.add(e);
                        }
                    }
                    return worker;
                }));
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
        Histogram merged = newHistogram();
        ErrorTally errors = new ErrorTally();
        for (Future<Worker> future : workers) {
            Worker worker = future.get();
            merged.add(worker.latencies);
            errors.addAll(worker.errors);
        }
        return new Phase(merged, errors, elapsed);
    }

    private static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);
    }

    private static final class Worker {
        final Histogram latencies = newHistogram();
        final ErrorTally errors = new ErrorTally();
    }

    /** When a phase ends: after a time, or after a number of operations. */
    private record Stop(Optional<Duration> duration, Optional<Long> operations) {
        static Stop after(Duration duration) {
            return new Stop(Optional.of(duration), Optional.empty());
        }

        static Stop afterOperations(long operations) {
            return new Stop(Optional.empty(), Optional.of(operations));
        }
    }
}

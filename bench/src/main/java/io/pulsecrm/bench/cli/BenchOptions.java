package io.pulsecrm.bench.cli;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.pulsecrm.bench.cost.CostMeter;
import io.pulsecrm.bench.load.LoadPlan;
import io.pulsecrm.bench.scenario.BenchTargets;

/**
 * A bench run as asked for on the command line.
 *
 * @param scenarios     empty means every registered scenario
 * @param reuseFixtures read scenarios reuse complete fixtures of the same size left by an earlier run
 * @param costFrom      the processes whose store commands, Kafka records and CPU time are read around each scenario;
 *                      empty: the cost is not measured
 */
public record BenchOptions(URI gateway, String mongoUri, String kafkaBootstrap, Optional<String> bearerToken,
                           List<String> scenarios, int concurrency, Duration duration, OptionalLong requests,
                           Duration warmup, int fixtures, boolean reuseFixtures, Duration requestTimeout, boolean json,
                           boolean list, boolean help, List<CostMeter.Endpoint> costFrom) {

    public static final URI DEFAULT_GATEWAY = URI.create("http://127.0.0.1:8080");
    public static final String DEFAULT_MONGO = "mongodb://127.0.0.1:27017";
    public static final String DEFAULT_KAFKA = "127.0.0.1:9092";
    public static final int DEFAULT_CONCURRENCY = 8;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(3);
    public static final int DEFAULT_FIXTURES = 200;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public BenchOptions {
        scenarios = List.copyOf(scenarios);
        costFrom = List.copyOf(costFrom);
    }

    public BenchTargets targets() {
        return new BenchTargets(gateway, mongoUri, kafkaBootstrap, bearerToken, requestTimeout, concurrency, fixtures,
                reuseFixtures);
    }

    public LoadPlan plan() {
        return new LoadPlan(concurrency, duration, requests, warmup);
    }
}

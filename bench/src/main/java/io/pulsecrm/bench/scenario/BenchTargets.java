package io.pulsecrm.bench.scenario;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the scenarios send their load and how: shared by every scenario of a run.
 *
 * @param gateway          base URL of the Pulse gateway
 * @param mongoUri         MongoDB connection string for the baselines (database {@link #BENCH_DATABASE})
 * @param kafkaBootstrap   Kafka bootstrap servers for the baselines
 * @param bearerToken      sent as {@code Authorization: Bearer ...} to the gateway, when the platform needs one
 * @param requestTimeout   per operation
 * @param concurrency      how many operations run at once; sizes connection pools
 * @param fixtures         how many records read scenarios create up front and then read
 * @param reuseFixtures    whether read scenarios may reuse complete fixtures of the same size from an earlier run
 */
public record BenchTargets(URI gateway, String mongoUri, String kafkaBootstrap, Optional<String> bearerToken,
                           Duration requestTimeout, int concurrency, int fixtures, boolean reuseFixtures) {

    /** The baselines write here, never into a service's database. */
    public static final String BENCH_DATABASE = "bench";
}

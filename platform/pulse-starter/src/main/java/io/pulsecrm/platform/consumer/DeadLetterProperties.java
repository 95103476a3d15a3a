package io.pulsecrm.platform.consumer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry policy of Kafka listeners before a record goes to {@code <topic>.dlt}.
 *
 * @param maxRetries      retries after the first failure
 * @param initialBackoff  wait before the first retry
 * @param multiplier      backoff growth per retry
 * @param maxBackoff      cap on one wait
 * @param claimTimeout    after this long, an unfinished claim of an event is considered abandoned by a dead replica
 * @param processedRetention how long a consumer remembers an event it handled: longer than the topics keep events
 *                        (and than any replay), or an old event delivered again would have its effect again
 * @param cleanupInterval how often one replica forgets handled events older than {@code processedRetention}
 */
@ConfigurationProperties("pulse.consumer")
public record DeadLetterProperties(
        @DefaultValue("3") int maxRetries,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("5s") Duration maxBackoff,
        @DefaultValue("2m") Duration claimTimeout,
        @DefaultValue("30d") Duration processedRetention,
        @DefaultValue("1h") Duration cleanupInterval) {
}

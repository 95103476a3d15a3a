package io.pulsecrm.contacts.contacts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultPhoneRegion ISO 3166 region assumed for phone numbers written without a country code
 * @param topicPartitions    partitions of the contact topic (ordering is per contact, so more is fine)
 * @param topicReplicas      replicas of the contact topic (1 for a single local broker, 3 in production)
 * @param imports            CSV import jobs
 */
@ConfigurationProperties("pulse.contacts")
public record ContactsProperties(
        @DefaultValue("US") String defaultPhoneRegion,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") short topicReplicas,
        @DefaultValue Imports imports) {

    /**
     * @param pollInterval how often a replica looks for queued imports (and imports whose claimant died)
     * @param staleAfter   a running import without a heartbeat for this long is claimed again and resumed
     * @param batchSize    rows between checkpoints (progress, heartbeat, cancel check)
     * @param rowConcurrency rows of a batch processed at once: each row waits on several store round trips, so a
     *                       few in flight multiply throughput (rows sharing an email or phone still go in file order)
     */
    public record Imports(@DefaultValue("1s") java.time.Duration pollInterval,
                          @DefaultValue("60s") java.time.Duration staleAfter,
                          @DefaultValue("100") int batchSize,
                          @DefaultValue("4") int rowConcurrency) {
    }
}

package io.pulsecrm.deals;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topicPartitions     partitions of the deal and pipeline topics (ordering is per aggregate, so more is fine)
 * @param stallCheckInterval  how often the stalled-deal job looks for deals over their stage's time limit
 * @param stallBatchSize      deals handled per stage per run, so one run stays short under the lease
 * @param boardCards          cards per stage on the board when the request gives no limit
 */
@ConfigurationProperties("pulse.deals")
public record DealsProperties(
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1m") Duration stallCheckInterval,
        @DefaultValue("500") int stallBatchSize,
        @DefaultValue("20") int boardCards) {
}

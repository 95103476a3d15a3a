package io.pulsecrm.deals;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topicPartitions     partitions of the deal and pipeline topics (ordering is per aggregate, so more is fine)
 * @param stallCheckInterval  how often the stalled-deal job looks for deals over their stage's time limit
 * @param stallBatchSize      deals handled per stage per run, so one run stays short under the lease
 * @param boardCards          cards per stage on the board when the request gives no limit
 * @param stats               the pre-aggregated statistics behind the board totals and analytics
 */
@ConfigurationProperties("pulse.deals")
public record DealsProperties(
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1m") Duration stallCheckInterval,
        @DefaultValue("500") int stallBatchSize,
        @DefaultValue("20") int boardCards,
        @DefaultValue Stats stats) {

    /**
     * @param consumerConcurrency  listener threads applying deal events to the statistics (at most the partitions)
     * @param claimTimeout         how long an unfinished statistics update of a deal stays reserved for the replica
     *                             that started it; after that another replica finishes it
     * @param cardIndexSize        deal ids kept per owner and stage for the board's first page of cards (at least the
     *                             cards a board asks for, plus one)
     * @param rebuildCheckInterval how often the rebuild job looks for a requested rebuild (and the first build)
     * @param rebuildLease         how long one build holds the job's lease: a replica that dies mid-build blocks the
     *                             others this long; a build that takes longer may be joined by another replica (harmless)
     * @param rebuildParallelism   deals recomputed at once during a rebuild
     * @param retiredGrace         how long the statistics replaced by a rebuild stay readable before they are deleted
     */
    public record Stats(
            @DefaultValue("3") int consumerConcurrency,
            @DefaultValue("30s") Duration claimTimeout,
            @DefaultValue("50") int cardIndexSize,
            @DefaultValue("10s") Duration rebuildCheckInterval,
            @DefaultValue("10m") Duration rebuildLease,
            @DefaultValue("4") int rebuildParallelism,
            @DefaultValue("1m") Duration retiredGrace) {
    }
}

package io.pulsecrm.deals.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.platform.consumer.DeadLetterProperties;
import io.pulsecrm.platform.consumer.EventInProgressException;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies the service's own deal events to the statistics (consumer group {@code deals-service-stats}). Each event
 * only says "this deal changed": {@link DealStatsUpdater} brings the deal's statistics to its stored state, so
 * redelivered and out-of-order events change nothing, and {@link IdempotentConsumer} skips an event already handled
 * without touching the statistics at all. Failures go to the platform's retry and dead-letter handling; a
 * dead-lettered event loses nothing either, since the deal's next event, a replay or a rebuild brings it up to date.
 */
@Component
class DealStatsListener {

    static final String CONSUMER = "deals-stats";
    private static final Duration WAIT = Duration.ofMillis(200);

    private final IdempotentConsumer idempotent;
    private final DealStatsUpdater updater;
    private final Clock clock;
    private final Duration claimTimeout;

    DealStatsListener(IdempotentConsumer idempotent, DealStatsUpdater updater, Clock clock,
                      DeadLetterProperties deadLetters) {
        this.idempotent = idempotent;
        this.updater = updater;
        this.clock = clock;
        this.claimTimeout = deadLetters.claimTimeout();
    }

    @KafkaListener(topics = Deal.TOPIC, groupId = "${spring.application.name}-stats",
            concurrency = "${pulse.deals.stats.consumer-concurrency:3}")
    void on(ConsumerRecord<String, String> record) {
        EventEnvelope event = EventJson.read(record.value());
        String dealId = event.subject();
        Instant giveUp = clock.instant().plus(claimTimeout).plus(claimTimeout);
        while (true) {
            try {
                idempotent.handleOnce(CONSUMER, event, () -> updater.sync(dealId));
                return;
            } catch (EventInProgressException e) {
                // after a rebalance or a crash the event may still be claimed; the claim expires, then it is ours.
                // Waiting here keeps the deal's later events behind this one instead of spending the retries.
                if (clock.instant().isAfter(giveUp)) {
                    throw e;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

package io.pulsecrm.notification.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import jakarta.annotation.PostConstruct;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Offers every domain event (topics matching {@code pulse.notifications.webhooks.topic-pattern}) to the
 * subscriptions and stores one pending delivery per matching subscription, once per event. Its own consumer
 * group ({@code notification-service-webhooks}), so it sees every event independently of the inbox triggers;
 * {@code webhooks.fanout-concurrency} consumers per replica share the topics' partitions.
 * The body delivered is the CloudEvent JSON exactly as it was on the topic.
 */
@Component
class WebhookFanout {

    static final String CONSUMER = "webhook-fanout";

    private final WebhookSubscriptions subscriptions;
    private final IdempotentConsumer consumer;
    private final MongoTemplate mongo;
    private final Clock clock;

    WebhookFanout(WebhookSubscriptions subscriptions, IdempotentConsumer consumer, MongoTemplate mongo, Clock clock) {
        this.subscriptions = subscriptions;
        this.consumer = consumer;
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostConstruct
    void createIndexes() {
        var indexes = mongo.indexOps(WebhookDelivery.COLLECTION);
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("nextAttemptAt", Sort.Direction.ASC)
                .named("due"));
        // a subscription's delivery log, newest first in pages (ties broken by _id)
        indexes.createIndex(new Index().on("subscriptionId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                .on("_id", Sort.Direction.DESC).named("log_newest"));
        // the live subscriptions, matched against every event and listed in creation order (few: partners, not users)
        mongo.indexOps(WebhookSubscription.class).createIndex(new Index().on("deletedAt", Sort.Direction.ASC)
                .on("_id", Sort.Direction.ASC).named("live_created"));
    }

    @KafkaListener(id = "notification-webhook-fanout", groupId = "${spring.application.name}-webhooks",
            topicPattern = "${pulse.notifications.webhooks.topic-pattern}",
            concurrency = "${pulse.notifications.webhooks.fanout-concurrency:3}")
    void onEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        List<WebhookSubscription> wanting = subscriptions.active().stream()
                .filter(s -> s.wants(event.type(), event.subject(), event.time())).toList();
        if (wanting.isEmpty()) {
            return;
        }
        consumer.handleOnce(CONSUMER, event, () -> wanting.forEach(s -> enqueue(s, event, record)));
    }

    private void enqueue(WebhookSubscription subscription, EventEnvelope event, String payload) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            mongo.insert(new WebhookDelivery(WebhookDelivery.idFor(subscription.id(), event.id()), subscription.id(),
                    event.id(), event.type(), event.subject(), payload, WebhookDelivery.PENDING, 0, List.of(), now, now,
                    now, null, null));
        } catch (DuplicateKeyException e) {
            // already queued by an earlier, interrupted attempt at this event
        }
    }
}

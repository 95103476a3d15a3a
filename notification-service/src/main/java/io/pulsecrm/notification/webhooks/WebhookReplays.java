package io.pulsecrm.notification.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Manual redelivery of one delivery and replay of a subscription's deliveries since an instant. Both re-queue the
 * stored delivery (same id, so the same {@code webhook-id}: receivers dedupe) as due now; the delivery job makes
 * the new attempt, added to the delivery's log. Nothing is re-read from Kafka: a replay covers the events stored
 * for the subscription (everything that matched it), whatever became of them. Both reach only subscriptions in the
 * caller's {@link WebhookAccess.Scope}.
 */
@Service
class WebhookReplays {

    private final MongoTemplate mongo;
    private final WebhookSubscriptions subscriptions;
    private final Clock clock;

    WebhookReplays(MongoTemplate mongo, WebhookSubscriptions subscriptions, Clock clock) {
        this.mongo = mongo;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** Queues a new attempt of one delivery now, whatever its status. */
    WebhookDelivery redeliver(String subscriptionId, String deliveryId, WebhookAccess.Scope scope) {
        requireDeliverable(subscriptionId, scope);
        Query query = Query.query(Criteria.where("_id").is(deliveryId).and("subscriptionId").is(subscriptionId));
        if (mongo.updateFirst(query, requeue(), WebhookDelivery.class).getMatchedCount() == 0) {
            throw new AggregateNotFoundException("webhook delivery", deliveryId);
        }
        return mongo.findOne(query, WebhookDelivery.class);
    }

    /** Queues a new attempt now of every delivery of the subscription created at or after {@code since}. */
    long replay(String subscriptionId, Instant since, WebhookAccess.Scope scope) {
        requireDeliverable(subscriptionId, scope);
        if (since == null) {
            throw InvalidRequestException.field("since", "is required (an ISO-8601 instant)");
        }
        return mongo.updateMulti(Query.query(Criteria.where("subscriptionId").is(subscriptionId)
                        .and("createdAt").gte(since)), requeue(), WebhookDelivery.class).getMatchedCount();
    }

    private WebhookSubscription requireDeliverable(String subscriptionId, WebhookAccess.Scope scope) {
        WebhookSubscription subscription = subscriptions.get(subscriptionId, scope);
        if (!subscription.active() && !subscription.paused()) {
            throw InvalidRequestException.field("active",
                    "the subscription is disabled; reactivate it (PATCH active: true) first");
        }
        return subscription;
    }

    /**
     * Due now. A delivery being sent right now keeps its claim ({@code leaseUntil}); its outcome is recorded and,
     * if it was delivered, this re-queue is absorbed by it.
     */
    private Update requeue() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Update().set("status", WebhookDelivery.PENDING).set("nextAttemptAt", now);
    }
}

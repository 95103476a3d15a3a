package io.pulsecrm.platform.consumer;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.events.EventEnvelope;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Gives an event handler exactly-once effect over at-least-once delivery: each (consumer, event id) is
 * claimed in the service's own store before the effect runs and marked done after it. A redelivered event
 * whose effect is done is skipped. If the handler fails, the claim is released so the retry runs it again;
 * if the process died mid-effect, the claim expires and the next delivery takes it over.
 * <p>
 * Effects that create records should still use ids derived from the event id, so a takeover after a crash
 * in the middle of an effect cannot create a second record.
 * <p>
 * Handled events are remembered for {@code pulse.consumer.processed-retention}: MongoDB expires them with a TTL index,
 * and {@link #forgetHandledBefore} does the same where TTL indexes are not honoured (the embedded store).
 */
public class IdempotentConsumer {

    public static final String COLLECTION = "processed_events";
    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);
    private static final String PROCESSING = "processing";
    private static final String DONE = "done";

    private final MongoTemplate mongo;
    private final EventContext context;
    private final Clock clock;
    private final Duration claimTimeout;
    private final MeterRegistry meters;
    private final Duration retention;
    private volatile boolean indexed;

    public IdempotentConsumer(MongoTemplate mongo, EventContext context, Clock clock, Duration claimTimeout,
                              Duration retention, MeterRegistry meters) {
        this.mongo = mongo;
        this.context = context;
        this.clock = clock;
        this.claimTimeout = claimTimeout;
        this.retention = retention;
        this.meters = meters;
    }

    /** Forgets events handled (done) before {@code now - processed-retention}; returns how many. */
    public long forgetHandledBefore(Instant now) {
        return claims().deleteMany(and(eq("state", DONE), lt("doneAt", Date.from(now.minus(retention))))).getDeletedCount();
    }

    /** Forgets events handled longer than the retention ago (run by one replica at a time). */
    public long forgetExpired() {
        return forgetHandledBefore(clock.instant());
    }

    private MongoCollection<Document> claims() {
        MongoCollection<Document> claims = mongo.getCollection(COLLECTION);
        if (!indexed) {
            try {
                // only documents with doneAt (handled) expire; claims in progress have none
                claims.createIndex(Indexes.ascending("doneAt"), new IndexOptions().expireAfter(retention.toSeconds(), TimeUnit.SECONDS));
            } catch (MongoCommandException e) {
                // an index made for another retention: events are still handled, and the cleanup job still forgets them
                log.warn("Could not create the TTL index on {}.doneAt ({}); drop it to apply the new retention",
                        COLLECTION, e.getErrorMessage());
            }
            indexed = true;
        }
        return claims;
    }

    /**
     * Runs {@code effect} for this event unless this consumer already did.
     *
     * @return true if the effect ran, false if the event was a duplicate
     * @throws EventInProgressException when another replica is processing the same event right now
     */
    public boolean handleOnce(String consumer, EventEnvelope event, Runnable effect) {
        String key = consumer + "/" + event.id();
        MongoCollection<Document> claims = claims();
        Instant now = clock.instant();
        if (!claim(claims, key, consumer, event, now)) {
            meters.counter("pulse.consumer.duplicates", "consumer", consumer, "type", event.type()).increment();
            return false;
        }
        try {
            context.reactingTo(event, effect);
        } catch (RuntimeException e) {
            claims.deleteOne(and(eq("_id", key), eq("state", PROCESSING)));
            throw e;
        }
        claims.updateOne(eq("_id", key), Updates.combine(
                Updates.set("state", DONE), Updates.set("doneAt", Date.from(clock.instant()))));
        meters.counter("pulse.consumer.processed", "consumer", consumer, "type", event.type()).increment();
        return true;
    }

    private boolean claim(MongoCollection<Document> claims, String key, String consumer, EventEnvelope event,
                          Instant now) {
        try {
            claims.insertOne(new Document("_id", key)
                    .append("consumer", consumer)
                    .append("eventId", event.id())
                    .append("type", event.type())
                    .append("state", PROCESSING)
                    .append("claimedAt", Date.from(now)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document existing = claims.find(eq("_id", key)).first();
        if (existing == null) {
            // released by a failed attempt between our insert and read: claim it again
            return claim(claims, key, consumer, event, now);
        }
        if (DONE.equals(existing.getString("state"))) {
            return false;
        }
        Date claimedAt = existing.getDate("claimedAt");
        if (claimedAt.toInstant().isAfter(now.minus(claimTimeout))) {
            throw new EventInProgressException(consumer, event.id());
        }
        // the claimant died mid-effect: take over, unless another replica just did
        long taken = claims.updateOne(and(eq("_id", key), eq("state", PROCESSING), lt("claimedAt", Date.from(now.minus(claimTimeout)))),
                Updates.set("claimedAt", Date.from(now))).getModifiedCount();
        if (taken == 0) {
            throw new EventInProgressException(consumer, event.id());
        }
        return true;
    }
}

package io.pulsecrm.platform.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;

/**
 * Recovers events that the immediate publish did not get out (a crash between write and publish, a broker
 * outage). Scheduled as a {@link io.pulsecrm.platform.jobs.LeasedJob}: one replica at a time.
 */
public class OutboxSweeper {

    private static final Logger log = LoggerFactory.getLogger(OutboxSweeper.class);
    private static final String LOCK_NAME = "outbox-sweep";
    static final String PENDING_INDEX = "outbox_pending";

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final OutboxProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();

    public OutboxSweeper(MongoTemplate mongo, OutboxRelay relay, OutboxProperties properties, Clock clock,
                         MeterRegistry meters) {
        this.mongo = mongo;
        this.relay = relay;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** One pass over every aggregate collection; returns how many events it published. */
    public int sweepOnce() {
        int published = 0;
        Instant cutoff = clock.instant().minus(properties.sweepGrace());
        for (String collection : aggregateCollections()) {
            var documents = mongo.getCollection(collection);
            indexPendingEvents(collection, documents);
            List<String> ids = documents
                    .find(Filters.lt(PendingEvent.OUTBOX_FIELD + ".occurredAt", Date.from(cutoff)))
                    .projection(Projections.include("_id"))
                    .limit(properties.sweepBatchSize())
                    .map(document -> document.get("_id").toString())
                    .into(new java.util.ArrayList<>());
            // what this pass found, not a count of every pending event: a count would be a second scan of the whole
            // collection on stores that cannot index the outbox (the embedded one), and events younger than the grace
            // period are the immediate publish's, not a backlog
            backlogOf(collection).set(ids.size());
            for (String id : ids) {
                published += relay.publishNow(collection, id);
            }
        }
        if (published > 0) {
            log.info("Outbox sweep published {} event(s) left behind", published);
        }
        return published;
    }

    /**
     * A sparse index of the pending events' times: only aggregates with events waiting are in it, so on MongoDB a sweep
     * reads a handful of index entries instead of every aggregate. (The embedded store ignores non-unique indexes and
     * still reads the collection.) Created once per collection and process; creating it again is a no-op.
     */
    private void indexPendingEvents(String collection, MongoCollection<Document> documents) {
        if (indexed.add(collection)) {
            documents.createIndex(Indexes.ascending(PendingEvent.OUTBOX_FIELD + ".occurredAt"),
                    new IndexOptions().sparse(true).name(PENDING_INDEX));
        }
    }

    private List<String> aggregateCollections() {
        return mongo.getConverter().getMappingContext().getPersistentEntities().stream()
                .filter(entity -> AggregateRoot.class.isAssignableFrom(entity.getType()))
                .map(MongoPersistentEntity::getCollection)
                .distinct()
                .toList();
    }

    private AtomicLong backlogOf(String collection) {
        return backlog.computeIfAbsent(collection, name -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("pulse.outbox.backlog", value, AtomicLong::get)
                    .description("Aggregates whose events waited longer than the sweep grace period (at most sweep-batch-size)")
                    .tag("collection", name)
                    .register(meters);
            return value;
        });
    }
}

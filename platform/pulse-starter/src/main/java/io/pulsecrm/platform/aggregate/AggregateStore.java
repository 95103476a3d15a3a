package io.pulsecrm.platform.aggregate;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.outbox.OutboxRelay;
import io.pulsecrm.platform.outbox.PendingEvent;
import io.pulsecrm.platform.outbox.PendingEventFactory;
import io.pulsecrm.platform.history.FieldChange;
import io.pulsecrm.platform.history.RecordHistory;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Loads and stores aggregates with optimistic locking, and implements the outbox: the new state and the
 * events it produced are written in one document update (the store has no multi-document transactions),
 * then handed to the {@link OutboxRelay} for publishing.
 */
public class AggregateStore {

    static final String OUTBOX_FIELD = PendingEvent.OUTBOX_FIELD;
    private static final String VERSION_FIELD = "version";
    private static final String SEQUENCE_FIELD = "eventSequence";
    private static final String DELETED_FIELD = "deletedAt";

    private final MongoTemplate mongo;
    private final PendingEventFactory pendingEvents;
    private final OutboxRelay relay;
    private final Clock clock;

    public AggregateStore(MongoTemplate mongo, PendingEventFactory pendingEvents, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.pendingEvents = pendingEvents;
        this.relay = relay;
        this.clock = clock;
    }

    /** The live (not deleted) aggregate with this id. */
    public <T extends AggregateRoot> Optional<T> find(Class<T> type, String id) {
        Query query = Query.query(Criteria.where("_id").is(id).and(DELETED_FIELD).isNull());
        return Optional.ofNullable(mongo.findOne(query, type));
    }

    /** @throws AggregateNotFoundException when there is no live aggregate with this id */
    public <T extends AggregateRoot> T get(Class<T> type, String id) {
        return find(type, id).orElseThrow(() -> new AggregateNotFoundException(aggregateType(type), id));
    }

    /**
     * Writes the aggregate and its uncommitted events atomically: an insert for a new aggregate, otherwise
     * an update that succeeds only if nobody else wrote it since it was loaded. An existing aggregate that
     * recorded no event is left as it is (aggregates record an event for every change).
     *
     * @throws VersionConflictException when another writer got there first
     * @throws DuplicateKeyException    when a unique index rejects the write
     */
    public <T extends AggregateRoot> T save(T aggregate) {
        Class<?> type = aggregate.getClass();
        Aggregate declaration = declaration(type);
        MongoCollection<Document> collection = mongo.getCollection(mongo.getCollectionName(type));

        List<DomainEvent> events = aggregate.uncommittedEvents();
        if (aggregate.getVersion() != null && events.isEmpty()) {
            return aggregate; // every change records an event: none recorded means nothing changed
        }
        long sequence = aggregate.getEventSequence();
        Instant now = clock.instant();
        Document state = new Document();
        mongo.getConverter().write(aggregate, state);
        state.remove(OUTBOX_FIELD);

        // the history line of the first event says what this save changed; an erasure keeps no values
        boolean forget = aggregate.forgetsHistory();
        List<FieldChange> changes = forget ? null
                : RecordHistory.diff(aggregate.storedState(), state, Set.of(declaration.historyIgnores()));
        String actor = pendingEvents.actor();
        List<Document> outbox = new ArrayList<>(events.size());
        for (DomainEvent event : events) {
            Document entry = pendingEvents.create(declaration, aggregate.getId(), ++sequence, event, now).toDocument();
            boolean first = outbox.isEmpty();
            entry.append(RecordHistory.NOTE_FIELD, RecordHistory.note(actor, sequence,
                    first ? changes : (forget ? null : List.of()), forget && first));
            outbox.add(entry);
        }
        state.put(SEQUENCE_FIELD, sequence);

        long newVersion;
        try {
            if (aggregate.getVersion() == null) {
                newVersion = 0;
                state.put(VERSION_FIELD, newVersion);
                state.put(OUTBOX_FIELD, outbox);
                collection.insertOne(state);
            } else {
                newVersion = aggregate.getVersion() + 1;
                update(collection, aggregate, state, outbox);
            }
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                Document earlier = aggregate.getVersion() == null ? storedByEarlierAttempt(collection, aggregate) : null;
                if (earlier != null) {
                    // a request repeated after its first attempt died: that attempt stored this aggregate and its
                    // events (still in its outbox, or published); the repeat finds it instead of adding a second one
                    aggregate.markStored(((Number) earlier.get(VERSION_FIELD)).longValue(),
                            ((Number) earlier.get(SEQUENCE_FIELD)).longValue(), earlier);
                    relay.publishSoon(collection.getNamespace().getCollectionName(), aggregate.getId());
                    return aggregate;
                }
                throw new DuplicateKeyException(e.getError().getMessage(), e);
            }
            throw e;
        }
        state.put(VERSION_FIELD, newVersion);
        aggregate.markStored(newVersion, sequence, state);
        if (!outbox.isEmpty()) {
            relay.publishSoon(collection.getNamespace().getCollectionName(), aggregate.getId());
        }
        return aggregate;
    }

    /**
     * With ids derived from a repeated request ({@link Ids#deriveFrom}), an insert that clashes on the id means the
     * request's earlier attempt created this aggregate: the document it stored. {@code null} for any other clash.
     */
    private static Document storedByEarlierAttempt(MongoCollection<Document> collection, AggregateRoot aggregate) {
        if (!Ids.derived()) {
            return null;
        }
        Document earlier = collection.find(eq("_id", aggregate.getId())).first();
        return earlier != null && earlier.get(VERSION_FIELD) != null ? earlier : null;
    }

    private void update(MongoCollection<Document> collection, AggregateRoot aggregate, Document state,
                        List<Document> outbox) {
        List<Bson> updates = new ArrayList<>();
        state.forEach((field, value) -> {
            if (!"_id".equals(field) && !VERSION_FIELD.equals(field)) {
                updates.add(Updates.set(field, value));
            }
        });
        // the converter leaves null properties out, so a field cleared by this change must be unset explicitly
        mongo.getConverter().getMappingContext().getRequiredPersistentEntity(aggregate.getClass())
                .doWithProperties((org.springframework.data.mapping.PropertyHandler<
                        org.springframework.data.mongodb.core.mapping.MongoPersistentProperty>) property -> {
                    String field = property.getFieldName();
                    if (!state.containsKey(field) && !VERSION_FIELD.equals(field)) {
                        updates.add(Updates.unset(field));
                    }
                });
        updates.add(Updates.inc(VERSION_FIELD, 1L));
        if (!outbox.isEmpty()) {
            // $push, not $set: events still waiting in the outbox must not be overwritten by this write
            updates.add(Updates.pushEach(OUTBOX_FIELD, outbox));
        }
        Bson expected = and(eq("_id", aggregate.getId()), eq(VERSION_FIELD, aggregate.getVersion()));
        UpdateResult result = collection.updateOne(expected, Updates.combine(updates));
        if (result.getMatchedCount() == 0) {
            Document current = collection.find(eq("_id", aggregate.getId()))
                    .projection(new Document(VERSION_FIELD, 1)).first();
            if (current == null) {
                throw new AggregateNotFoundException(aggregateType(aggregate.getClass()), aggregate.getId());
            }
            throw new VersionConflictException(aggregateType(aggregate.getClass()), aggregate.getId(),
                    aggregate.getVersion(), current.get(VERSION_FIELD, Number.class).longValue());
        }
    }

    private static Aggregate declaration(Class<?> type) {
        Aggregate declaration = type.getAnnotation(Aggregate.class);
        if (declaration == null) {
            throw new IllegalStateException(type.getName() + " must be annotated with @Aggregate");
        }
        return declaration;
    }

    private static String aggregateType(Class<?> type) {
        Aggregate declaration = type.getAnnotation(Aggregate.class);
        return declaration == null ? type.getSimpleName() : declaration.type();
    }
}

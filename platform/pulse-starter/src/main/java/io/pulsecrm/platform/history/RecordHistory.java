package io.pulsecrm.platform.history;

import static com.mongodb.client.model.Filters.eq;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The change history of every aggregate: who changed what, when, from what to what. What changed is worked
 * out when the aggregate is saved and travels with its events in the outbox; the relay writes the history
 * line when it publishes the event, so history is as durable as the events and never has a line for a change
 * that was not stored. Lines are kept in {@code <collection>_history}, one per event id (replays are no-ops).
 */
public class RecordHistory {

    /** Key of the history note inside an outbox entry. */
    public static final String NOTE_FIELD = "history";
    static final String SUFFIX = "_history";
    /** Platform bookkeeping, never part of a record's history. */
    private static final Set<String> BOOKKEEPING = Set.of("_id", "_class", "version", "eventSequence", "outbox",
            "createdAt", "updatedAt");

    private final MongoTemplate mongo;
    private final Set<String> indexed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RecordHistory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * The note an outbox entry carries for the history line of its event.
     *
     * @param changes null when the values must not be kept (an erasure)
     * @param forget  whether the record's earlier lines are to be deleted first
     */
    public static Document note(String actor, long version, List<FieldChange> changes, boolean forget) {
        Document note = new Document("actor", actor).append("version", version).append("forget", forget);
        if (changes != null) {
            List<Document> list = new ArrayList<>();
            for (FieldChange change : changes) {
                list.add(new Document("field", change.field()).append("from", change.from()).append("to", change.to()));
            }
            note.append("changes", list);
        }
        return note;
    }

    /** The fields that differ between two states of a document, nested documents compared field by field. */
    public static List<FieldChange> diff(Document before, Document after, Set<String> ignored) {
        Map<String, Object> old = flatten(before == null ? new Document() : before, ignored);
        Map<String, Object> current = flatten(after, ignored);
        Set<String> fields = new TreeSet<>(old.keySet());
        fields.addAll(current.keySet());
        List<FieldChange> changes = new ArrayList<>();
        for (String field : fields) {
            Object from = old.get(field);
            Object to = current.get(field);
            if (!Objects.equals(from, to)) {
                changes.add(new FieldChange(field, from, to));
            }
        }
        return changes;
    }

    /** Called by the relay once the event of {@code outboxEntry} is published. */
    public void append(String collection, String aggregateId, Document outboxEntry) {
        Document note = outboxEntry.get(NOTE_FIELD, Document.class);
        if (note == null) {
            return; // written before history existed
        }
        MongoCollection<Document> lines = lines(collection);
        if (note.getBoolean("forget", false)) {
            lines.deleteMany(eq("aggregateId", aggregateId));
        }
        Document line = new Document("_id", outboxEntry.getString("eventId"))
                .append("aggregateId", aggregateId)
                .append("type", outboxEntry.getString("type"))
                .append("version", note.get("version", Number.class).longValue())
                .append("actor", note.getString("actor"))
                .append("at", outboxEntry.getDate("occurredAt"))
                .append("changes", note.getList("changes", Document.class));
        try {
            lines.insertOne(line);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // already written before a crash between history and outbox clean-up: nothing to do
        }
    }

    /**
     * Deletes a record's history (erasure of personal data) for a record removed without going through
     * {@code AggregateStore}; aggregates saved through it call {@code forgetHistory()} instead.
     */
    public void forget(Class<?> aggregateType, String aggregateId) {
        lines(mongo.getCollectionName(aggregateType)).deleteMany(eq("aggregateId", aggregateId));
    }

    /** The newest {@code limit} lines of a record's history, newest first. */
    public List<HistoryEntry> of(Class<?> aggregateType, String aggregateId, int limit) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (Document line : lines(mongo.getCollectionName(aggregateType)).find(eq("aggregateId", aggregateId))
                .sort(Sorts.descending("version")).limit(limit)) {
            List<FieldChange> changes = null;
            List<Document> stored = line.getList("changes", Document.class);
            if (stored != null) {
                changes = stored.stream().map(c -> new FieldChange(c.getString("field"), c.get("from"), c.get("to"))).toList();
            }
            entries.add(new HistoryEntry(line.getString("_id"), line.getString("type"),
                    line.get("version", Number.class).longValue(), line.getString("actor"),
                    line.getDate("at").toInstant(), changes));
        }
        return entries;
    }

    private MongoCollection<Document> lines(String collection) {
        MongoCollection<Document> lines = mongo.getCollection(collection + SUFFIX);
        if (indexed.add(collection)) {
            lines.createIndex(Indexes.compoundIndex(Indexes.ascending("aggregateId"), Indexes.descending("version")));
        }
        return lines;
    }

    private static Map<String, Object> flatten(Document document, Set<String> ignored) {
        Map<String, Object> fields = new LinkedHashMap<>();
        flatten("", document, ignored, fields);
        return fields;
    }

    private static void flatten(String prefix, Document document, Set<String> ignored, Map<String, Object> into) {
        for (var field : document.entrySet()) {
            String path = prefix + field.getKey();
            if ((prefix.isEmpty() && BOOKKEEPING.contains(field.getKey())) || ignored.contains(path)) {
                continue;
            }
            if (field.getValue() instanceof Document nested) {
                flatten(path + ".", nested, ignored, into);
            } else if (field.getValue() != null) {
                into.put(path, plain(field.getValue()));
            }
        }
    }

    /** Store values as JSON-friendly ones, so history reads back the same through any API. */
    private static Object plain(Object value) {
        if (value instanceof Date date) {
            return Instant.ofEpochMilli(date.getTime()).toString();
        }
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue().stripTrailingZeros().toPlainString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Document document) {
            Map<String, Object> map = new LinkedHashMap<>();
            document.forEach((k, v) -> map.put(k, plain(v)));
            return new Document(map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RecordHistory::plain).toList();
        }
        if (value instanceof Set<?> set) {
            return new ArrayList<>(new LinkedHashSet<>(set)).stream().map(RecordHistory::plain).toList();
        }
        return value;
    }
}

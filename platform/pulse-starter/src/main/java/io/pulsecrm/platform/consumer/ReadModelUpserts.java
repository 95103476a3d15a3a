package io.pulsecrm.platform.consumer;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Version-checked writes for read models built from other services' events. A row only moves forward:
 * a redelivered or out-of-order event carrying an older aggregate version changes nothing.
 */
public class ReadModelUpserts {

    public static final String VERSION_FIELD = "sourceVersion";

    private final MongoTemplate mongo;

    public ReadModelUpserts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Replaces the row with {@code fields} if {@code version} is newer than the version the row holds.
     *
     * @return true if the row changed, false if it already reflected this or a newer version
     */
    public boolean upsertIfNewer(String collection, String id, long version, Document fields) {
        MongoCollection<Document> rows = mongo.getCollection(collection);
        Document row = new Document(fields);
        row.remove("_id");
        row.put(VERSION_FIELD, version);
        if (rows.replaceOne(and(eq("_id", id), lt(VERSION_FIELD, version)), row).getMatchedCount() > 0) {
            return true;
        }
        try {
            Document first = new Document("_id", id);
            first.putAll(row);
            rows.insertOne(first);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false; // the row exists at this or a newer version
            }
            throw e;
        }
    }
}

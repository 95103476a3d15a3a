package io.pulsecrm.contacts.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The identifying values (a contact's emails and phones, a company's domain or name) of the rows a dry run would create, so that a later row of the same file with one of them is
 * reported as the duplicate it would be in the run (where the earlier row's contact exists by then). Kept in the store,
 * not in memory: a file of a million rows must not need a million keys in the heap, and a dry run resumed by another
 * replica after a crash sees the keys of the rows before its checkpoint. One document per value
 * ({@code _id = job:kind:sha256(value)}, holding the row), so the unique {@code _id} finds the earlier row; dropped
 * when the dry run ends.
 */
@Component
class ImportRowKeys {

    static final String COLLECTION = "import_row_keys";

    /** A value that identifies a record: its kind ({@code email}, {@code phone}, {@code domain}, {@code name}) and value. */
    record RowKey(String kind, String value) {
    }

    /** An earlier row of the file with the same value. */
    record EarlierRow(long row, String kind, String value) {
    }

    private final MongoTemplate mongo;

    ImportRowKeys(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Records the row's values, all or none: null when none was seen in an earlier row (they are recorded now), else
     * the first earlier row that has one (and nothing is recorded for this row, which the run would skip).
     */
    EarlierRow record(String jobId, long row, List<RowKey> values) {
        List<String> recorded = new ArrayList<>();
        for (RowKey value : values) {
            String id = jobId + ":" + value.kind() + ":" + sha256(value.value());
            try {
                mongo.insert(new Document("_id", id).append("jobId", jobId).append("row", row), COLLECTION);
                recorded.add(id);
            } catch (DuplicateKeyException seen) {
                Document earlier = mongo.findById(id, Document.class, COLLECTION);
                long earlierRow = earlier == null ? row : earlier.get("row", Number.class).longValue();
                if (earlierRow != row) { // the same row again (a resumed dry run) is no duplicate of itself
                    if (!recorded.isEmpty()) {
                        mongo.remove(Query.query(Criteria.where("_id").in(recorded)), COLLECTION);
                    }
                    return new EarlierRow(earlierRow, value.kind(), value.value());
                }
            }
        }
        return null;
    }

    void drop(String jobId) {
        mongo.remove(Query.query(Criteria.where("jobId").is(jobId)), COLLECTION);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.pulsecrm.deals.documents;

import java.util.function.LongFunction;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Numbers per kind and year, 1, 2, 3, ... without gaps or duplicates across replicas.
 *
 * <p>A number is taken by the single write that stores its document: inserting the {@link GeneratedDocument} whose
 * {@code numberKey} (kind|year|sequence) is unique. There is no separate "take a number" step that a crash could
 * separate from the document, so no number is ever taken without its document (no gap), and the unique index lets
 * only one document have it (no duplicate). The counter ({@code document_counters}, {@code {_id: kind|year, last}})
 * is only a hint of where to start: it is raised with {@code $max} after the insert, so it is never ahead of the
 * documents; if a crash left it behind, the next insert collides with the existing number and moves on to the next.
 * Two writers racing for the same number: one insert wins, the other moves on, so every collision is someone else's
 * progress.
 */
@Component
public class DocumentNumbers {

    static final String COUNTERS = "document_counters";
    private static final int MAX_ATTEMPTS = 10_000;

    private final MongoTemplate mongo;

    public DocumentNumbers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Stores the document {@code draft} makes for the next free number and returns it; {@code draft} may be called
     * again with a higher number when another writer took the one it was made for.
     */
    public GeneratedDocument insertNext(String kind, int year, LongFunction<GeneratedDocument> draft) {
        String counter = kind + "|" + year;
        long candidate = last(counter) + 1;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            GeneratedDocument document = draft.apply(candidate);
            try {
                mongo.insert(document);
            } catch (DuplicateKeyException e) {
                GeneratedDocument same = mongo.findById(document.id(), GeneratedDocument.class);
                if (same != null) {
                    return same; // a repeated request (its id derived from the Idempotency-Key) already stored it
                }
                candidate = Math.max(candidate + 1, last(counter) + 1);
                continue;
            }
            mongo.findAndModify(Query.query(Criteria.where("_id").is(counter)), new Update().max("last", candidate),
                    FindAndModifyOptions.options().upsert(true), Document.class, COUNTERS);
            return document;
        }
        throw new IllegalStateException("no free " + kind + " number for " + year + " after " + MAX_ATTEMPTS + " attempts");
    }

    private long last(String counter) {
        Document row = mongo.findById(counter, Document.class, COUNTERS);
        return row == null || row.get("last") == null ? 0 : ((Number) row.get("last")).longValue();
    }
}

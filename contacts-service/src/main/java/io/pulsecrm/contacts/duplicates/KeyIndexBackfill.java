package io.pulsecrm.contacts.duplicates;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.contacts.Contact;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Makes the {@linkplain KeyClaims claims} a complete index of who holds which email, phone and domain: every live
 * contact and company stored before claims existed (or while a backfill ran) joins the claims of its values, once per
 * database. Idempotent, run by one replica at a time ({@link DuplicatesConfiguration}); until it has finished, the
 * duplicate check also looks records up by query. A marker in {@code migrations} says it is done.
 */
@Component
class KeyIndexBackfill {

    static final String MIGRATIONS = "migrations";
    static final String MARKER = "key-claims-index-v1";
    private static final Logger log = LoggerFactory.getLogger(KeyIndexBackfill.class);

    private final MongoTemplate mongo;
    private final KeyClaims claims;
    private final Clock clock;
    private volatile boolean complete;

    KeyIndexBackfill(MongoTemplate mongo, KeyClaims claims, Clock clock) {
        this.mongo = mongo;
        this.claims = claims;
        this.clock = clock;
    }

    /** Whether every record is in the claims (cached once true: it never becomes false again). */
    boolean complete() {
        if (!complete && mongo.findById(MARKER, Document.class, MIGRATIONS) != null) {
            complete = true;
        }
        return complete;
    }

    /** Adds every live record to the claims of its values, then marks the index complete. */
    void run() {
        if (complete()) {
            return;
        }
        long started = System.nanoTime();
        long contacts = 0;
        long companies = 0;
        Query live = Query.query(Criteria.where("deletedAt").isNull());
        try (var stream = mongo.stream(live, Contact.class)) {
            for (Contact contact : (Iterable<Contact>) stream::iterator) {
                claims.claim(contact.getId(), DuplicateDetector.contactKeys(contact.details()), true, (id, key) -> true);
                contacts++;
            }
        }
        try (var stream = mongo.stream(live, Company.class)) {
            for (Company company : (Iterable<Company>) stream::iterator) {
                claims.claim(company.getId(), DuplicateDetector.companyKeys(company.details()), true, (id, key) -> true);
                companies++;
            }
        }
        try {
            mongo.insert(new Document("_id", MARKER).append("doneAt", Date.from(clock.instant())), MIGRATIONS);
        } catch (DuplicateKeyException alreadyDone) {
            // another replica finished it too
        }
        complete = true;
        log.info("Duplicate check index complete: {} contacts and {} companies indexed in {}", contacts, companies,
                Duration.ofNanos(System.nanoTime() - started));
    }
}

package io.pulsecrm.deals.deals;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Gives deals stored before title search existed their {@code titleKeys}, once per database (a marker in
 * {@code migrations} says it is done), on one replica at a time, in the background. A deal written meanwhile stores
 * its keys itself ({@link Deal#getTitleKeys}); each update here is conditional on the version it read, so it never
 * writes keys of a title that has changed since. Deals not reached yet are missing from {@code ?q=} results only.
 */
@Configuration(proxyBeanMethods = false)
class DealTitleKeysBackfill {

    static final String MIGRATIONS = "migrations";
    static final String MARKER = "deal-title-keys-v1";
    private static final Logger log = LoggerFactory.getLogger(DealTitleKeysBackfill.class);

    private final MongoTemplate mongo;
    private final Clock clock;

    DealTitleKeysBackfill(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Runs at start and is a no-op once done; the lease covers a large existing database. */
    @Bean
    LeasedJob dealTitleKeysBackfillJob(LeasedJobs jobs) {
        return jobs.every(Duration.ofMinutes(1), "deal-title-keys-backfill", Duration.ofHours(1), this::run);
    }

    void run() {
        if (mongo.findById(MARKER, Document.class, MIGRATIONS) != null) {
            return;
        }
        long started = System.nanoTime();
        long updated = 0;
        Query missing = Query.query(Criteria.where("titleKeys").exists(false));
        missing.fields().include("_id").include("title").include("version");
        try (var deals = mongo.stream(missing, Document.class, Deal.COLLECTION)) {
            for (Document deal : (Iterable<Document>) deals::iterator) {
                Query unchanged = Query.query(Criteria.where("_id").is(deal.get("_id")).and("version").is(deal.get("version")));
                updated += mongo.updateFirst(unchanged, Update.update("titleKeys", Deal.titleKeys(deal.getString("title"))),
                        Deal.COLLECTION).getModifiedCount();
            }
        }
        try {
            mongo.insert(new Document("_id", MARKER).append("doneAt", Date.from(clock.instant())), MIGRATIONS);
        } catch (DuplicateKeyException alreadyDone) {
            // another replica finished it too
        }
        log.info("Deal title search keys added to {} deals in {}", updated, Duration.ofNanos(System.nanoTime() - started));
    }
}

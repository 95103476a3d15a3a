package io.pulsecrm.deals.stats;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Generations of the statistics. Every statistics and fact document belongs to one generation (its id starts with
 * the number). Readers use the {@code active} one; a rebuild fills a new {@code building} generation from the
 * deals while the event listener keeps updating both, then makes it active and retires the old one, which is
 * deleted after a grace period. So a rebuild never stops or disturbs readers, and is exact even while deals change:
 * a deal changed after the rebuild read it is brought up to date by its event, which is applied to every live
 * generation.
 * <p>
 * The first start has no active generation: generation 1 is built from the deals that exist, and until it is
 * active readers count from the deals directly.
 */
@Component
public class StatsGenerations {

    static final String COLLECTION = "deal_stats_meta";
    private static final String ID = "generations";

    private final MongoTemplate mongo;
    private final Clock clock;

    StatsGenerations(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /**
     * @param active       generation readers use; null until the first build finished
     * @param building     generation being built; null when no rebuild is running
     * @param retired      generation replaced by the last rebuild, deleted once {@code retiredAt} is old enough
     * @param last         highest generation number ever used (never reused)
     */
    public record State(Long active, Long building, Long retired, Instant retiredAt, long last, Instant buildRequestedAt,
                        Instant lastBuiltAt, long version) {

        /** The generations a deal change must be applied to. */
        public List<Long> live() {
            List<Long> live = new ArrayList<>(2);
            if (active != null) {
                live.add(active);
            }
            if (building != null && !building.equals(active)) {
                live.add(building);
            }
            return live;
        }

        static State from(Document document) {
            return new State(longOrNull(document, "active"), longOrNull(document, "building"),
                    longOrNull(document, "retired"), instant(document, "retiredAt"),
                    StatsLayout.number(document, "last"), instant(document, "buildRequestedAt"),
                    instant(document, "lastBuiltAt"), StatsLayout.number(document, "v"));
        }

        Document toDocument() {
            return new Document("_id", ID).append("active", active).append("building", building)
                    .append("retired", retired).append("retiredAt", date(retiredAt)).append("last", last)
                    .append("buildRequestedAt", date(buildRequestedAt)).append("lastBuiltAt", date(lastBuiltAt))
                    .append("v", version);
        }
    }

    /** The current state; on the very first call, asks for generation 1 to be built. */
    public State current() {
        Document stored = collection().find(new Document("_id", ID)).first();
        if (stored != null) {
            return State.from(stored);
        }
        State first = new State(null, 1L, null, null, 1, now(), null, 0);
        try {
            collection().insertOne(first.toDocument());
            return first;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return State.from(collection().find(new Document("_id", ID)).first()); // another replica was first
        }
    }

    /** Asks for a rebuild; when one is already running, that one is the answer. */
    public State requestRebuild() {
        while (true) {
            State state = current();
            if (state.building() != null) {
                return state;
            }
            long next = state.last() + 1;
            State requested = new State(state.active(), next, state.retired(), state.retiredAt(), next, now(),
                    state.lastBuiltAt(), state.version() + 1);
            if (replace(state, requested)) {
                return requested;
            }
        }
    }

    /** Makes a finished generation the active one; false if it is no longer the one being built. */
    boolean activate(long generation) {
        while (true) {
            State state = current();
            if (state.building() == null || state.building() != generation) {
                return false;
            }
            Long retired = state.active();
            State activated = new State(generation, null, retired == null ? state.retired() : retired,
                    retired == null ? state.retiredAt() : now(), state.last(), state.buildRequestedAt(),
                    now(), state.version() + 1);
            if (replace(state, activated)) {
                return true;
            }
        }
    }

    /** Forgets the retired generation once its documents are deleted. */
    void retiredDeleted(long generation) {
        while (true) {
            State state = current();
            if (state.retired() == null || state.retired() != generation) {
                return;
            }
            State cleared = new State(state.active(), state.building(), null, null, state.last(), state.buildRequestedAt(),
                    state.lastBuiltAt(), state.version() + 1);
            if (replace(state, cleared)) {
                return;
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private boolean replace(State expected, State next) {
        Document filter = new Document("_id", ID).append("v", expected.version());
        return collection().replaceOne(filter, next.toDocument()).getMatchedCount() == 1;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    private static Long longOrNull(Document document, String field) {
        Object value = document.get(field);
        return value instanceof Number number ? number.longValue() : null;
    }

    private static Instant instant(Document document, String field) {
        Date date = document.getDate(field);
        return date == null ? null : date.toInstant();
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}

package io.pulsecrm.automation.triggers;

import java.time.Clock;
import java.util.Date;

import io.pulsecrm.automation.AutomationProperties;
import io.pulsecrm.automation.runs.RunStore;
import jakarta.annotation.PostConstruct;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The loop guard. Every call automation makes names its trigger event in {@code X-Causation-Id}, so the events it
 * causes carry that event as {@code causationid}. An event caused by the trigger of a run at depth d starts runs at
 * depth d + 1; beyond {@code pulse.automation.max-chain-depth} a run is recorded as stopped, with the reason, and
 * does nothing. An automation-caused event that another service reacted to (a contact update making deals-service
 * update a deal) passes its chain level on to the events of that reaction, which are remembered here
 * ({@code event_chain}), so a loop through a third service is caught too (when automation has read the middle
 * event first; best effort, as those topics are not ordered with each other).
 */
@Component
public class ChainGuard {

    static final String COLLECTION = "event_chain";

    private final MongoTemplate mongo;
    private final RunStore runs;
    private final int maxDepth;
    private final Clock clock;

    ChainGuard(MongoTemplate mongo, RunStore runs, AutomationProperties properties, Clock clock) {
        this.mongo = mongo;
        this.runs = runs;
        this.maxDepth = properties.maxChainDepth();
        this.clock = clock;
    }

    @PostConstruct
    void createIndexes() {
        // MongoDB expires old entries itself; a store without TTL support keeps them, which is harmless
        mongo.indexOps(COLLECTION).createIndex(new Index().on("at", org.springframework.data.domain.Sort.Direction.ASC)
                .expire(java.time.Duration.ofDays(7)));
    }

    /**
     * How many automation runs led to this event: the depth of the deepest run its cause triggered, else the
     * level remembered for its cause, else 0.
     */
    public int levelOf(TriggerEvent event) {
        String cause = event.causationId();
        if (cause == null || cause.equals(event.id())) {
            return 0;
        }
        int byRun = runs.maxDepthTriggeredBy(cause);
        if (byRun > 0) {
            return byRun;
        }
        Document remembered = mongo.findById(cause, Document.class, COLLECTION);
        return remembered == null ? 0 : ((Number) remembered.getOrDefault("level", 0)).intValue();
    }

    /** Remembers an automation-caused event's level, for events other services cause in reaction to it. */
    public void remember(TriggerEvent event, int level) {
        if (level <= 0) {
            return;
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(event.id())),
                new Update().max("level", level).set("at", Date.from(clock.instant())), COLLECTION);
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** Why a run at this depth may not act, or null when it may. */
    public String refusal(int depth) {
        return depth > maxDepth ? "loop guard: this run would be " + depth + " automation runs deep (its trigger was caused by"
                + " automation " + (depth - 1) + " times in a row), more than pulse.automation.max-chain-depth " + maxDepth
                : null;
    }
}

package io.pulsecrm.deals.deals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import io.pulsecrm.deals.DealsProperties;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.pipelines.Stage;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Emits {@code pulse.deal.stalled.v1} once per stay for deals that sit in a stage longer than the stage's
 * {@code stallAfter}. Runs on one replica at a time (a platform LeasedJob, see {@link StalledDealSchedule}); the "once" is
 * the deal's {@code stalledAt}, written with the event in one optimistic update, so a second replica or a
 * rerun cannot report the same stay twice. Limits are read from the pipeline at each run, so changing a
 * stage's limit applies to deals already in it.
 */
@Component
class StalledDealDetector {

    /** Names the job's lease and, as {@code system:deals-stall-detector}, the actor of its events. */
    static final String JOB_NAME = "deals-stall-detector";

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final DealsProperties properties;
    private final Clock clock;

    StalledDealDetector(MongoTemplate mongo, AggregateStore store,
                        DealsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    /** One pass over every stage that has a limit; returns how many deals were reported. */
    int detectOnce() {
        int reported = 0;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Query withLimits = Query.query(Criteria.where("deletedAt").isNull());
        for (Pipeline pipeline : mongo.find(withLimits, Pipeline.class)) {
            for (Stage stage : pipeline.stages()) {
                Duration limit = stage.stallLimit();
                if (limit == null || !stage.isOpen()) {
                    continue;
                }
                Query overdue = Query.query(Criteria.where("deletedAt").isNull()
                                .and("pipelineId").is(pipeline.getId())
                                .and("stageId").is(stage.id())
                                .and("status").is(DealStatus.OPEN.name())
                                .and("stalledAt").isNull()
                                .and("stageEnteredAt").lte(Date.from(now.minus(limit))))
                        .with(Sort.by("stageEnteredAt")).limit(properties.stallBatchSize());
                for (Deal deal : mongo.find(overdue, Deal.class)) {
                    if (deal.markStalled(stage, pipeline, now)) {
                        try {
                            store.save(deal);
                            reported++;
                        } catch (VersionConflictException e) {
                            // changed meanwhile (maybe moved on): the next run looks again
                        }
                    }
                }
            }
        }
        return reported;
    }
}

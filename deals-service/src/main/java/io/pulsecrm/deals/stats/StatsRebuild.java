package io.pulsecrm.deals.stats;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.pulsecrm.deals.DealsProperties;
import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.stats.StatsGenerations.State;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds a requested generation of the statistics from the deals (and the first one at the very first start), then
 * activates it; later deletes the generation it replaced. Runs as a leased job ({@link StatsSchedule}), so one replica
 * builds at a time; a build that dies half-way is simply run again (each deal's update is idempotent).
 * <p>
 * Exact while deals keep changing: the listener applies every deal change to the generation being built too, and a
 * deal changed after this job read it has an event that arrives after the generation was requested.
 */
@Component
class StatsRebuild {

    static final String JOB_NAME = "deals-stats-rebuild";
    private static final int DELETE_BATCH = 1000;
    private static final int PROGRESS_EVERY = 5000;
    private static final Logger log = LoggerFactory.getLogger(StatsRebuild.class);

    private final MongoTemplate mongo;
    private final StatsGenerations generations;
    private final DealStatsUpdater updater;
    private final DealsProperties.Stats properties;
    private final Clock clock;

    StatsRebuild(MongoTemplate mongo, StatsGenerations generations, DealStatsUpdater updater, DealsProperties properties,
                 Clock clock) {
        this.mongo = mongo;
        this.generations = generations;
        this.updater = updater;
        this.properties = properties.stats();
        this.clock = clock;
    }

    void runOnce() {
        State state = generations.current();
        if (state.building() != null) {
            build(state.building());
        }
        state = generations.current();
        if (state.retired() != null && state.retiredAt() != null
                && state.retiredAt().plus(properties.retiredGrace()).isBefore(clock.instant())) {
            long retired = state.retired();
            deleteGeneration(StatsLayout.STATS, retired);
            deleteGeneration(StatsLayout.FACTS, retired);
            generations.retiredDeleted(retired);
            log.info("Deleted statistics generation {}", retired);
        }
    }

    /** In batches by id: a store that collects what a query matches before acting on it never holds them all. */
    private void deleteGeneration(String collection, long generation) {
        var documents = mongo.getCollection(collection);
        while (true) {
            List<Object> ids = new ArrayList<>();
            documents.find(new Document("gen", generation)).projection(Projections.include("_id")).limit(DELETE_BATCH)
                    .forEach(document -> ids.add(document.get("_id")));
            if (ids.isEmpty()) {
                return;
            }
            documents.deleteMany(Filters.in("_id", ids));
        }
    }

    private void build(long generation) {
        long started = System.nanoTime();
        List<String> dealIds = new ArrayList<>();
        mongo.getCollection(Deal.COLLECTION).find(new Document("deletedAt", null)).projection(Projections.include("_id"))
                .forEach(deal -> dealIds.add(deal.getString("_id")));
        log.info("Building statistics generation {} from {} deals", generation, dealIds.size());
        try (ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, properties.rebuildParallelism()),
                Thread.ofVirtual().name("deals-stats-rebuild-", 0).factory())) {
            List<Future<?>> updates = new ArrayList<>(dealIds.size());
            for (String dealId : dealIds) {
                updates.add(workers.submit(() -> updater.sync(generation, dealId)));
            }
            for (int i = 0; i < updates.size(); i++) {
                updates.get(i).get();
                if ((i + 1) % PROGRESS_EVERY == 0) {
                    log.info("Statistics generation {}: {} of {} deals", generation, i + 1, dealIds.size());
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (generations.activate(generation)) {
            log.info("Statistics generation {} is active ({} deals in {} ms)", generation, dealIds.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}

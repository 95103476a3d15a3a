package io.pulsecrm.automation.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.NewestFirst;
import jakarta.annotation.PostConstruct;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Runs in Mongo: created once per (rule, event), claimed atomically, saved conditionally on their version. */
@Component
public class RunStore {

    private static final NewestFirst NEWEST_FIRST = new NewestFirst("createdAt");

    private final MongoTemplate mongo;

    RunStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @PostConstruct
    void createIndexes() {
        var indexes = mongo.indexOps(Run.class);
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("resumeAt", Sort.Direction.ASC));
        // the claim poll: one ordered scan per claimable status, merged oldest first
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("updatedAt", Sort.Direction.ASC)
                .named("status_updated"));
        // a rule's and a record's runs, newest first, in pages; the loop guard's deepest run of an event
        indexes.createIndex(new Index().on("ruleId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                .on("_id", Sort.Direction.DESC).named("rule_newest"));
        indexes.createIndex(new Index().on("recordId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                .on("_id", Sort.Direction.DESC).named("record_newest"));
        indexes.createIndex(new Index().on("trigger.eventId", Sort.Direction.ASC).on("depth", Sort.Direction.DESC)
                .named("trigger_depth"));
    }

    /** @return false when the run exists already (the same rule and event: a redelivery or another replica) */
    public boolean insertIfAbsent(Run run) {
        try {
            mongo.insert(run);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    public Optional<Run> find(String id) {
        return Optional.ofNullable(mongo.findById(id, Run.class));
    }

    /** Saves conditionally on the version it was loaded at; throws OptimisticLockingFailureException otherwise. */
    public Run save(Run run) {
        return mongo.save(run);
    }

    /**
     * Takes a run for execution, atomically, so one replica works on it: a pending run, a waiting run whose time
     * has come, or a running one whose holder stopped renewing its lease (it died).
     */
    public Optional<Run> claim(String id, String owner, Instant now, Instant leaseUntil) {
        Query query = Query.query(new Criteria().andOperator(Criteria.where("_id").is(id), claimable(now)));
        Update update = new Update().set("status", RunStatus.RUNNING.name()).set("leaseUntil", leaseUntil)
                .set("leaseOwner", owner).unset("resumeAt").inc("version", 1L);
        return Optional.ofNullable(mongo.findAndModify(query, update, FindAndModifyOptions.options().returnNew(true),
                Run.class));
    }

    /** Ids of runs a replica should take up now (oldest first). */
    public List<String> claimableIds(Instant now, int limit) {
        Query query = Query.query(claimable(now)).with(Sort.by("updatedAt")).limit(limit);
        query.fields().include("_id");
        return mongo.find(query, Document.class, Run.COLLECTION).stream().map(d -> d.getString("_id")).toList();
    }

    private static Criteria claimable(Instant now) {
        return new Criteria().orOperator(
                Criteria.where("status").is(RunStatus.PENDING.name()),
                Criteria.where("status").is(RunStatus.WAITING.name()).and("resumeAt").lte(now),
                Criteria.where("status").is(RunStatus.RUNNING.name()).and("leaseUntil").lt(now));
    }

    /** The deepest run triggered by this event, if any (the loop guard's parent). */
    public int maxDepthTriggeredBy(String eventId) {
        Query query = Query.query(Criteria.where("trigger.eventId").is(eventId))
                .with(Sort.by(Sort.Direction.DESC, "depth")).limit(1);
        Run run = mongo.findOne(query, Run.class);
        return run == null ? 0 : run.getDepth();
    }

    /** Newest first, keyset-paged on (createdAt, id). */
    public CursorPage<Run> list(Criteria restriction, String ruleId, String recordId, RunStatus status, int limit,
                                String cursor) {
        List<Criteria> filters = new ArrayList<>();
        if (restriction != null) {
            filters.add(restriction);
        }
        if (ruleId != null) {
            filters.add(Criteria.where("ruleId").is(ruleId));
        }
        if (recordId != null) {
            filters.add(Criteria.where("recordId").is(recordId));
        }
        if (status != null) {
            filters.add(Criteria.where("status").is(status.name()));
        }
        if (cursor != null) {
            filters.add(NEWEST_FIRST.after(cursor));
        }
        Query query = Query.query(filters.isEmpty() ? new Criteria() : new Criteria().andOperator(filters))
                .with(NEWEST_FIRST.sort()).limit(limit + 1);
        return NEWEST_FIRST.page(mongo.find(query, Run.class), limit, Run::getCreatedAt, Run::getId);
    }
}

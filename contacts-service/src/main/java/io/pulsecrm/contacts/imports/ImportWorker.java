package io.pulsecrm.contacts.imports;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.contacts.ContactsProperties;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException.Candidate;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Processes queued imports. Any replica may claim a job (a conditional update of its status, with a heartbeat);
 * a job whose claimant stopped beating is claimed again and resumed after its last checkpoint. Rows create
 * contacts exactly like the API (same normalisation, duplicate check, pulse.contact.created.v1), with ids derived
 * from the job and row, so a row re-processed after a crash finds its contact instead of creating another.
 */
@Component
class ImportWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);
    static final int MAX_STORED_ERRORS = 500;

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final ContactNormalizer normalizer;
    private final DuplicateDetector duplicates;
    private final ContactsProperties.Imports properties;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private ScheduledExecutorService executor;

    ImportWorker(MongoTemplate mongo, AggregateStore store, ContactNormalizer normalizer, DuplicateDetector duplicates,
                 ContactsProperties properties, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.normalizer = normalizer;
        this.duplicates = duplicates;
        this.properties = properties.imports();
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("contact-imports").daemon(true).factory());
        executor.scheduleWithFixedDelay(this::poll, properties.pollInterval().toMillis(), properties.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Looks for work now instead of at the next poll. */
    synchronized void wakeUp() {
        if (executor != null) {
            executor.execute(this::poll);
        }
    }

    void dropChunks(String jobId) {
        mongo.remove(Query.query(Criteria.where("jobId").is(jobId)), ImportJob.CHUNKS);
    }

    private void poll() {
        try {
            ImportJob job;
            while ((job = claim()) != null) {
                process(job);
            }
        } catch (RuntimeException e) {
            log.warn("Import poll failed; retrying at the next poll", e);
        }
    }

    private ImportJob claim() {
        Instant now = clock.instant();
        FindAndModifyOptions returnNew = FindAndModifyOptions.options().returnNew(true);
        ImportJob queued = mongo.findAndModify(Query.query(Criteria.where("status").is("queued")),
                new Update().set("status", "running").set("claimedBy", instance).set("heartbeatAt", now).set("startedAt", now),
                returnNew, ImportJob.class);
        if (queued != null) {
            return queued;
        }
        // a replica died while running it: take over from the last checkpoint
        return mongo.findAndModify(Query.query(new Criteria().andOperator(Criteria.where("status").is("running"),
                        Criteria.where("heartbeatAt").lt(now.minus(properties.staleAfter())))),
                new Update().set("claimedBy", instance).set("heartbeatAt", now), returnNew, ImportJob.class);
    }

    private void process(ImportJob job) {
        boolean dryRun = "dry_run".equals(job.mode());
        long processed = job.rowsProcessed();
        long created = job.created();
        long duplicateRows = job.duplicates();
        long failed = job.failed();
        int storedErrors = job.rowErrors().size();
        List<ImportJob.RowError> pending = new ArrayList<>();
        long dataRow = 0;
        try (ChunkReader reader = new ChunkReader(mongo, job.id(), job.chunks())) {
            CsvReader csv = new CsvReader(reader);
            csv.next(); // header
            CsvReader.Row row;
            while ((row = csv.next()) != null) {
                dataRow++;
                if (dataRow <= processed) {
                    continue; // done before the checkpoint this run resumes from
                }
                long rowNumber = dataRow + 1;
                List<ImportJob.RowError> errors = new ArrayList<>();
                String outcome = handle(job, row, rowNumber, dryRun, errors);
                switch (outcome) {
                    case "created" -> created++;
                    case "duplicate" -> duplicateRows++;
                    default -> failed++;
                }
                for (ImportJob.RowError error : errors) {
                    if (storedErrors + pending.size() < MAX_STORED_ERRORS) {
                        pending.add(error);
                    }
                }
                processed = dataRow;
                if (processed % properties.batchSize() == 0) {
                    ImportJob current = checkpoint(job.id(), processed, created, duplicateRows, failed, pending);
                    storedErrors += pending.size();
                    pending.clear();
                    if (current == null) {
                        return; // claimed by another replica after a missed heartbeat: it carries on
                    }
                    if (current.cancelRequested()) {
                        finish(job.id(), "cancelled", null);
                        dropChunks(job.id());
                        return;
                    }
                }
            }
            if (checkpoint(job.id(), processed, created, duplicateRows, failed, pending) == null) {
                return;
            }
            ImportJob current = mongo.findById(job.id(), ImportJob.class);
            if (current != null && current.cancelRequested()) {
                finish(job.id(), "cancelled", null);
                dropChunks(job.id());
            } else if (dryRun) {
                finish(job.id(), "validated", null);
            } else {
                finish(job.id(), "completed", null);
                dropChunks(job.id());
            }
        } catch (IOException | RuntimeException e) {
            log.error("Import {} failed", job.id(), e);
            finish(job.id(), "failed", e.getMessage());
        }
    }

    /** One row: "created" (or would be, in a dry run), "duplicate" or "failed"; problems go to {@code errors}. */
    private String handle(ImportJob job, CsvReader.Row row, long rowNumber, boolean dryRun, List<ImportJob.RowError> errors) {
        if (row.problem() != null) {
            errors.add(new ImportJob.RowError(rowNumber, null, "malformed row: " + row.problem()));
            return "failed";
        }
        if (row.cells().size() != job.columns().size()) {
            errors.add(new ImportJob.RowError(rowNumber, null, "has " + row.cells().size() + " columns, the header has " + job.columns().size()));
            return "failed";
        }
        ContactDetails details = null;
        List<InvalidRequestException.FieldProblem> problems = new ArrayList<>();
        try {
            details = normalizer.normalize(ImportFields.details(job.mapping(), job.columns(), row.cells(), problems));
        } catch (InvalidRequestException e) {
            problems.addAll(e.fieldErrors());
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> errors.add(new ImportJob.RowError(rowNumber, problem.field(), problem.message())));
            return "failed";
        }
        String contactId = ImportIds.contactId(job.id(), job.createdAt(), rowNumber);
        if (!dryRun && mongo.exists(Query.query(Criteria.where("_id").is(contactId)), Contact.class)) {
            return "created"; // by this job before a crash
        }
        if (!job.allowDuplicates()) {
            List<Candidate> candidates = duplicates.contactDuplicates(details);
            if (!candidates.isEmpty()) {
                Candidate first = candidates.getFirst();
                errors.add(new ImportJob.RowError(rowNumber, first.matchedOn(), "duplicate of contact " + first.id() + " (" + first.value() + "); skipped"));
                return "duplicate";
            }
        }
        if (!dryRun) {
            try {
                store.save(Contact.create(contactId, details, clock.instant()));
            } catch (DuplicateKeyException e) {
                // created meanwhile by the same row of a concurrent claimant
            }
        }
        return "created";
    }

    private ImportJob checkpoint(String id, long processed, long created, long duplicateRows, long failed,
                                 List<ImportJob.RowError> errors) {
        Update update = new Update().set("rowsProcessed", processed).set("created", created).set("duplicates", duplicateRows)
                .set("failed", failed).set("heartbeatAt", clock.instant());
        if (!errors.isEmpty()) {
            update.push("rowErrors").each(errors.toArray());
        }
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("claimedBy").is(instance).and("status").is("running")),
                update, FindAndModifyOptions.options().returnNew(true), ImportJob.class);
    }

    private void finish(String id, String status, String failure) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("claimedBy").is(instance)),
                new Update().set("status", status).set("finishedAt", clock.instant()).set("failure", failure), ImportJob.class);
    }

}

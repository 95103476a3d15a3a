package io.pulsecrm.contacts.imports;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetailsCopy;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.contacts.ContactsProperties;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException.Candidate;
import io.pulsecrm.contacts.duplicates.KeyReservation;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.security.OwnerScope;
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
 * <p>
 * Rows are processed with the rights of the job's {@link Importer}: a contact is owned by the importer unless the
 * row's ownerId names a known user the importer may assign records to (a rep: only themselves; a manager: their
 * team; admins and partner clients: anyone); otherwise the importer keeps it and the row gets a note on ownerId.
 * Duplicates the importer may not see are reported without their id.
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
    private final RecordAccess access;
    private final ImportRowKeys rowKeys;
    private final CustomFields customFields;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private ScheduledExecutorService executor;

    ImportWorker(MongoTemplate mongo, AggregateStore store, ContactNormalizer normalizer, DuplicateDetector duplicates,
                 ContactsProperties properties, RecordAccess access, ImportRowKeys rowKeys, CustomFields customFields,
                 Clock clock) {
        this.access = access;
        this.rowKeys = rowKeys;
        this.customFields = customFields;
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
        rowKeys.drop(jobId);
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
        if (job.importer() == null) {
            finish(job.id(), "failed", "the import has no importer (uploaded before identity); upload it again");
            return;
        }
        job.importer().runAs(() -> {
            processAsImporter(job);
            return null;
        });
    }

    private void processAsImporter(ImportJob job) {
        boolean dryRun = "dry_run".equals(job.mode());
        long processed = job.rowsProcessed();
        long created = job.created();
        long duplicateRows = job.duplicates();
        long failed = job.failed();
        int storedErrors = job.rowErrors().size();
        List<ImportJob.RowError> pending = new ArrayList<>();
        long dataRow = 0;
        Map<String, CustomFieldDefinition> definitions = customFields.byKey("contact");
        if (dryRun && processed == 0) {
            rowKeys.drop(job.id()); // a dry run starts from scratch (a resumed one keeps the rows before its checkpoint)
        }
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
                String outcome = handle(job, row, rowNumber, dryRun, definitions, errors);
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
                rowKeys.drop(job.id());
            } else {
                finish(job.id(), "completed", null);
                dropChunks(job.id());
            }
        } catch (IOException | RuntimeException e) {
            log.error("Import {} failed", job.id(), e);
            finish(job.id(), "failed", e.getMessage());
            rowKeys.drop(job.id());
        }
    }

    /**
     * One row: "created" (or would be, in a dry run), "duplicate" or "failed"; problems go to {@code errors}. A row
     * whose email or phone a live contact has is a duplicate (its values are claimed before the contact is stored, as
     * for an API create); in a dry run, where nothing is stored, so is a row with the email or phone of an earlier row
     * that would be created.
     */
    private String handle(ImportJob job, CsvReader.Row row, long rowNumber, boolean dryRun,
                          Map<String, CustomFieldDefinition> definitions, List<ImportJob.RowError> errors) {
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
            details = normalizer.normalize(ImportFields.details(job.mapping(), job.columns(), row.cells(), definitions, problems));
        } catch (InvalidRequestException e) {
            problems.addAll(e.fieldErrors());
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> errors.add(new ImportJob.RowError(rowNumber, problem.field(), problem.message())));
            return "failed";
        }
        String contactId = ImportIds.contactId(job.id(), job.createdAt(), rowNumber);
        // by _id with find, not exists(): a count is an aggregation, which the embedded store answers by scanning
        if (!dryRun && mongo.findById(contactId, org.bson.Document.class, Contact.COLLECTION) != null) {
            return "created"; // by this job before a crash
        }
        details = ContactDetailsCopy.withOwner(details, owner(details.ownerId(), rowNumber, errors));
        OwnerScope scope = access.scope();
        if (dryRun) {
            if (!job.allowDuplicates()) {
                List<DuplicateDetector.Match> matches = duplicates.contactDuplicates(details);
                if (!matches.isEmpty()) {
                    errors.add(duplicateError(rowNumber, matches, scope));
                    return "duplicate";
                }
                ImportRowKeys.EarlierRow earlier = rowKeys.record(job.id(), rowNumber, details.allEmails(), details.allPhones());
                if (earlier != null) {
                    errors.add(new ImportJob.RowError(rowNumber, earlier.kind(), "same " + earlier.kind() + " as row "
                            + earlier.row() + " of this file (" + earlier.value() + "); would be skipped"));
                    return "duplicate";
                }
            }
            return "created";
        }
        KeyReservation keys;
        try {
            keys = duplicates.reserveContact(contactId, details, null, scope, job.allowDuplicates());
        } catch (DuplicatesFoundException e) {
            errors.add(duplicateError(rowNumber, e.matches(), scope));
            return "duplicate";
        }
        try {
            store.save(Contact.create(contactId, details, clock.instant()));
        } catch (DuplicateKeyException e) {
            // created meanwhile by the same row of a concurrent claimant: the claims are that contact's
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        keys.commit();
        return "created";
    }

    /** The duplicate row's note: the first candidate the importer sees, else only the value it shares. */
    private static ImportJob.RowError duplicateError(long rowNumber, List<DuplicateDetector.Match> matches, OwnerScope scope) {
        Candidate first = matches.stream().filter(m -> !m.pending() && scope.includes(m.ownerId()))
                .map(DuplicateDetector.Match::candidate).findFirst().orElse(null);
        Candidate any = matches.getFirst().candidate();
        return first != null
                ? new ImportJob.RowError(rowNumber, first.matchedOn(), "duplicate of contact " + first.id() + " (" + first.value() + "); skipped")
                : new ImportJob.RowError(rowNumber, any.matchedOn(), "duplicate of a contact you cannot see (" + any.value() + "); skipped");
    }

    /**
     * The owner of an imported row's contact: the one the row names when the importer may assign to them, else the
     * importer (noted on the row, which is still imported).
     */
    private String owner(String requested, long rowNumber, List<ImportJob.RowError> notes) {
        try {
            return access.ownerOfNew(requested, "ownerId");
        } catch (InvalidRequestException | ForbiddenException e) {
            String reason = e instanceof InvalidRequestException ? "is not a known user" : "is not someone you may assign contacts to";
            notes.add(new ImportJob.RowError(rowNumber, "ownerId", "'" + requested + "' " + reason + "; owned by the importer instead"));
            return access.ownerOfNew(null, "ownerId");
        }
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

package io.pulsecrm.contacts.imports;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pulsecrm.contacts.contacts.ContactsProperties;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.contacts.imports.ImportedRecords.RowOutcome;
import io.pulsecrm.contacts.settings.PhoneRegions;
import io.pulsecrm.platform.tabular.Table;
import io.pulsecrm.platform.tabular.TabularException;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Processes queued imports. Any replica may claim a job (a conditional update of its status, with a heartbeat);
 * a job whose claimant stopped beating is claimed again and resumed after its last checkpoint. Rows create
 * records of the job's type ({@link ImportedRecords}: {@link ContactRows}, {@link CompanyRows}) exactly like the API
 * (same normalisation, duplicate check and created event), with ids derived from the job and row, so a row
 * re-processed after a crash finds its record instead of creating another.
 * <p>
 * Rows are processed with the rights of the job's {@link Importer}: a record is owned by the importer unless the
 * row's ownerId names a known user the importer may assign records to (a rep: only themselves; a manager: their
 * team; admins and partner clients: anyone); otherwise the importer keeps it and the row gets a note on ownerId.
 * Duplicates the importer may not see are reported without their id.
 */
@Component
class ImportWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportWorker.class);
    static final int MAX_STORED_ERRORS = 500;

    private final MongoTemplate mongo;
    private final ImportRecordTypes recordTypes;
    private final ContactsProperties.Imports properties;
    private final ImportRowKeys rowKeys;
    private final CustomFields customFields;
    private final ImportFiles files;
    private final PhoneRegions phoneRegions;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private ScheduledExecutorService executor;
    private ExecutorService rowWorkers;

    ImportWorker(MongoTemplate mongo, ImportRecordTypes recordTypes, ContactsProperties properties, ImportRowKeys rowKeys,
                 CustomFields customFields, ImportFiles files, PhoneRegions phoneRegions, Clock clock) {
        this.files = files;
        this.phoneRegions = phoneRegions;
        this.rowKeys = rowKeys;
        this.customFields = customFields;
        this.mongo = mongo;
        this.recordTypes = recordTypes;
        this.properties = properties.imports();
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("contact-imports").daemon(true).factory());
        rowWorkers = Executors.newFixedThreadPool(Math.max(1, properties.rowConcurrency()),
                Thread.ofVirtual().name("contact-import-row-", 0).factory());
        executor.scheduleWithFixedDelay(this::poll, properties.pollInterval().toMillis(), properties.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            rowWorkers.shutdownNow();
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
        files.drop(jobId);
        rowKeys.drop(jobId);
    }

    private void poll() {
        try {
            ImportJob job;
            while ((job = claimQueued()) != null) {
                process(job, false);
            }
            while ((job = claimAbandoned()) != null) {
                process(job, true);
            }
        } catch (RuntimeException e) {
            log.warn("Import poll failed; retrying at the next poll", e);
        }
    }

    private ImportJob claimQueued() {
        Instant now = clock.instant();
        return mongo.findAndModify(Query.query(Criteria.where("status").is("queued")),
                new Update().set("status", "running").set("claimedBy", instance).set("heartbeatAt", now).set("startedAt", now),
                FindAndModifyOptions.options().returnNew(true), ImportJob.class);
    }

    /** A job whose replica died (or stopped) while running it: taken over, resumed from its last checkpoint. */
    private ImportJob claimAbandoned() {
        Instant now = clock.instant();
        return mongo.findAndModify(Query.query(new Criteria().andOperator(Criteria.where("status").is("running"),
                        Criteria.where("heartbeatAt").lt(now.minus(properties.staleAfter())))),
                new Update().set("claimedBy", instance).set("heartbeatAt", now),
                FindAndModifyOptions.options().returnNew(true), ImportJob.class);
    }

    private void process(ImportJob job, boolean resumed) {
        if (job.importer() == null) {
            finish(job.id(), "failed", "the import has no importer (uploaded before identity); upload it again");
            return;
        }
        processAsImporter(job, resumed);
    }

    /**
     * Reads the file from the job's checkpoint and handles it a batch ({@code batch-size} rows) at a time, then saves
     * a checkpoint. {@code resumed}: taken over from a replica that may have created contacts of the rows after that
     * checkpoint (at most the next batch: its next checkpoint failed), which are then looked up before being created.
     */
    private void processAsImporter(ImportJob job, boolean resumed) {
        boolean dryRun = "dry_run".equals(job.mode());
        Progress progress = new Progress(job);
        long dataRow = 0;
        ImportedRecords records = recordTypes.of(job.recordType());
        Map<String, CustomFieldDefinition> definitions = customFields.byKey(records.customFieldType());
        if (dryRun && progress.processed == 0) {
            rowKeys.drop(job.id()); // a dry run starts from scratch (a resumed one keeps the rows before its checkpoint)
        }
        long lookUpUntil = resumed ? progress.processed + 2L * properties.batchSize() : 0;
        String region = job.defaultPhoneRegion() != null ? job.defaultPhoneRegion() : job.importer().runAs(phoneRegions::callersDefault);
        ImportedRecords.Reading reading = new ImportedRecords.Reading(region,
                job.timeZone() == null ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(job.timeZone()));
        try (Table table = files.open(job.id(), job.chunks(), job.settings())) {
            List<NumberedRow> batch = new ArrayList<>(properties.batchSize());
            Table.Row row;
            while ((row = table.next()) != null) {
                dataRow++;
                if (dataRow <= progress.processed) {
                    continue; // done before the checkpoint this run resumes from
                }
                batch.add(new NumberedRow(dataRow + 1, row, dataRow <= lookUpUntil));
                if (dataRow % properties.batchSize() == 0) {
                    progress.add(handleBatch(job, records, batch, dryRun, definitions, reading), dataRow);
                    batch.clear();
                    ImportJob current = checkpoint(job.id(), progress);
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
            progress.add(handleBatch(job, records, batch, dryRun, definitions, reading), dataRow);
            if (checkpoint(job.id(), progress) == null) {
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
        } catch (InterruptedException e) {
            // this replica is stopping: the job stays running, and is resumed from its checkpoint once it goes stale
            Thread.currentThread().interrupt();
        } catch (TabularException e) {
            // the file was read whole at upload, so this is a file changed under the job: say what, no stack trace
            finish(job.id(), "failed", e.field() + ": " + e.getMessage());
            rowKeys.drop(job.id());
        } catch (IOException | RuntimeException e) {
            log.error("Import {} failed", job.id(), e);
            finish(job.id(), "failed", e.getMessage());
            rowKeys.drop(job.id());
        }
    }

    /** A data row and its number in the file (the header is row 1). */
    private record NumberedRow(long number, Table.Row row, boolean mayExist) {
    }

    /** A row whose cells were read into a record's details, or why they could not be. */
    private record PreparedRow(NumberedRow row, ImportedRecords.Read read, RowOutcome failure) {
    }

    /**
     * The rows of a batch, several at once ({@code row-concurrency}), each with the importer's rights. A row sharing an
     * identifying value (a contact's email or phone, a company's domain or name) with an earlier row of the batch waits until the rows before it are done, and then they go one
     * by one in file order: the first row of a file with a value is the one created, the later ones are duplicates of
     * it, whatever the concurrency. Outcomes come back in file order.
     */
    private List<RowOutcome> handleBatch(ImportJob job, ImportedRecords records, List<NumberedRow> rows, boolean dryRun,
                                         Map<String, CustomFieldDefinition> definitions, ImportedRecords.Reading reading)
            throws InterruptedException {
        RowOutcome[] outcomes = new RowOutcome[rows.size()];
        List<Integer> atOnce = new ArrayList<>();
        List<Integer> inOrder = new ArrayList<>();
        List<PreparedRow> prepared = new ArrayList<>(rows.size());
        Set<String> valuesSoFar = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            PreparedRow row = prepare(job, records, rows.get(i), definitions, reading);
            prepared.add(row);
            if (row.failure() != null) {
                outcomes[i] = row.failure();
                continue;
            }
            Set<String> keys = row.read().keys();
            boolean sharesAValue = keys.stream().anyMatch(valuesSoFar::contains);
            valuesSoFar.addAll(keys);
            (sharesAValue ? inOrder : atOnce).add(i);
        }
        List<Future<RowOutcome>> running = new ArrayList<>(atOnce.size());
        for (int i : atOnce) {
            PreparedRow row = prepared.get(i);
            running.add(rowWorkers.submit(() -> job.importer().runAs(() -> handle(job, records, row, dryRun))));
        }
        for (int n = 0; n < atOnce.size(); n++) {
            outcomes[atOnce.get(n)] = outcomeOf(running.get(n));
        }
        for (int i : inOrder) {
            PreparedRow row = prepared.get(i);
            outcomes[i] = job.importer().runAs(() -> handle(job, records, row, dryRun));
        }
        return List.of(outcomes);
    }

    private static RowOutcome outcomeOf(Future<RowOutcome> row) throws InterruptedException {
        try {
            return row.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Reads a row's cells into the record's details; a malformed or invalid row fails here with its reasons. */
    private PreparedRow prepare(ImportJob job, ImportedRecords records, NumberedRow numbered,
                                Map<String, CustomFieldDefinition> definitions, ImportedRecords.Reading reading) {
        Table.Row row = numbered.row();
        long rowNumber = numbered.number();
        if (row.problem() != null) {
            return failed(numbered, List.of(new ImportJob.RowError(rowNumber, null, "malformed row: " + row.problem())));
        }
        if (row.cells().size() != job.columns().size()) {
            return failed(numbered, List.of(new ImportJob.RowError(rowNumber, null,
                    "has " + row.cells().size() + " columns, the header has " + job.columns().size())));
        }
        List<InvalidRequestException.FieldProblem> problems = new ArrayList<>();
        ImportedRecords.Read read = records.read(job.mapping(), job.columns(), row.cells(), definitions, reading, rowNumber, problems);
        if (read == null || !problems.isEmpty()) {
            return failed(numbered, problems.stream()
                    .map(problem -> new ImportJob.RowError(rowNumber, problem.field(), problem.message())).toList());
        }
        return new PreparedRow(numbered, read, null);
    }

    private static PreparedRow failed(NumberedRow row, List<ImportJob.RowError> reasons) {
        return new PreparedRow(row, null, new RowOutcome("failed", reasons));
    }

    /** Counts and row notes up to the last row handled, as checkpoints store them. */
    private static final class Progress {
        long processed;
        long created;
        long duplicates;
        long failed;
        int storedErrors;
        int storedWarnings;
        int storedRecords;
        final List<ImportJob.CreatedRecord> pendingRecords = new ArrayList<>();
        final List<ImportJob.RowError> pending = new ArrayList<>();
        final List<ImportJob.RowError> pendingWarnings = new ArrayList<>();

        Progress(ImportJob job) {
            processed = job.rowsProcessed();
            created = job.created();
            duplicates = job.duplicates();
            failed = job.failed();
            storedErrors = job.rowErrors().size();
            storedWarnings = job.warnings().size();
            storedRecords = job.records().size();
        }

        void add(List<RowOutcome> outcomes, long upToRow) {
            for (RowOutcome outcome : outcomes) {
                switch (outcome.result()) {
                    case "created" -> created++;
                    case "duplicate" -> duplicates++;
                    default -> failed++;
                }
                for (ImportJob.RowError note : outcome.notes()) {
                    if (storedErrors + pending.size() < MAX_STORED_ERRORS) {
                        pending.add(note);
                    }
                }
                for (ImportJob.RowError warning : outcome.warnings()) {
                    if (storedWarnings + pendingWarnings.size() < MAX_STORED_ERRORS) {
                        pendingWarnings.add(warning);
                    }
                }
                if (outcome.record() != null && storedRecords + pendingRecords.size() < ImportJob.MAX_STORED_RECORDS) {
                    pendingRecords.add(outcome.record());
                }
            }
            processed = upToRow;
        }

        void stored() {
            storedErrors += pending.size();
            pending.clear();
            storedWarnings += pendingWarnings.size();
            pendingWarnings.clear();
            storedRecords += pendingRecords.size();
            pendingRecords.clear();
        }
    }

    /** One row, by the job's record type, with its id derived from job and row. */
    private RowOutcome handle(ImportJob job, ImportedRecords records, PreparedRow prepared, boolean dryRun) {
        long rowNumber = prepared.row().number();
        return records.handle(job, ImportIds.recordId(job.id(), job.createdAt(), rowNumber), rowNumber, prepared.read(),
                prepared.row().mayExist(), dryRun);
    }

    /** Saves the progress (and heartbeat) if this replica still holds the job; null when it does not. */
    private ImportJob checkpoint(String id, Progress progress) {
        Update update = new Update().set("rowsProcessed", progress.processed).set("created", progress.created)
                .set("duplicates", progress.duplicates).set("failed", progress.failed).set("heartbeatAt", clock.instant());
        if (!progress.pending.isEmpty()) {
            update.push("rowErrors").each(progress.pending.toArray());
        }
        if (!progress.pendingWarnings.isEmpty()) {
            update.push("warnings").each(progress.pendingWarnings.toArray());
        }
        if (!progress.pendingRecords.isEmpty()) {
            update.push("records").each(progress.pendingRecords.toArray());
        }
        ImportJob current = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("claimedBy").is(instance).and("status").is("running")),
                update, FindAndModifyOptions.options().returnNew(true), ImportJob.class);
        progress.stored();
        return current;
    }

    private void finish(String id, String status, String failure) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id).and("claimedBy").is(instance)),
                new Update().set("status", status).set("finishedAt", clock.instant()).set("failure", failure), ImportJob.class);
    }

}

package io.pulsecrm.contacts.imports;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A CSV import. The file is stored in {@code import_chunks} as it is uploaded; a dry run or a run is processed by
 * whichever replica claims it (status and heartbeat, see {@link ImportWorker}), with progress saved every batch,
 * so a run interrupted by a crash is resumed from its last checkpoint by another claim.
 *
 * @param status uploaded, queued, running, validated (dry run done), completed, cancelled, failed
 * @param mode   dry_run or run (of the last request)
 * @param importer who uploaded the file: the job is visible to them and to admins, and runs with their rights
 */
@Document(ImportJob.COLLECTION)
record ImportJob(@Id String id, String fileName, long chars, int chunks, List<String> columns, String status,
                 String mode, List<ColumnMapping> mapping, boolean allowDuplicates, long rowsProcessed, long created,
                 long duplicates, long failed, List<RowError> rowErrors, boolean cancelRequested, String claimedBy,
                 Instant heartbeatAt, Instant createdAt, Instant startedAt, Instant finishedAt, String failure,
                 Importer importer) {

    static final String COLLECTION = "import_jobs";
    static final String CHUNKS = "import_chunks";

    /** CSV column (by header name) to contact field. */
    record ColumnMapping(String column, String field) {
    }

    /** A row that was refused (or skipped as a duplicate), with the field and reason; row 2 is the first data row. */
    record RowError(long row, String field, String message) {
    }
}

package io.pulsecrm.contacts.imports;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.pulsecrm.platform.tabular.Delimiters;
import io.pulsecrm.platform.tabular.TableSettings;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.tabular.TextEncodings;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An import of a file (CSV, .xlsx or vCard). The file's bytes are stored in {@code import_chunks} as they are uploaded,
 * with how to read them ({@link FileSettings}); a dry run or a run is processed by whichever replica claims it
 * (status and heartbeat, see {@link ImportWorker}), with progress saved every batch, so a run interrupted by a crash
 * is resumed from its last checkpoint by another claim.
 *
 * @param size     the file's size in bytes
 * @param rows     data rows in the file (the header not counted)
 * @param preview  the first data rows, as the file has them
 * @param status   uploaded, queued, running, validated (dry run done), completed, cancelled, failed
 * @param mode     dry_run or run (of the last request)
 * @param defaultPhoneRegion region for phone numbers without a country code in rows without a country (the run's option)
 * @param warnings rows imported with a remark (a phone kept as entered, unverified)
 * @param importer who uploaded the file: the job is visible to them and to admins, and runs with their rights
 * @param recordType what the rows become: {@code contacts} (absent on jobs from before companies), {@code companies}
 *                 or {@code activities}
 * @param records  the first records the run created (row, id, name), for the report to link to
 * @param timeZone IANA zone for dates and times without an offset (the run's option; absent: UTC)
 */
@Document(ImportJob.COLLECTION)
record ImportJob(@Id String id, String fileName, long size, int chunks, FileSettings file, List<String> columns,
                 long rows, List<List<String>> preview, String status, String mode, List<ColumnMapping> mapping,
                 boolean allowDuplicates, String defaultPhoneRegion, long rowsProcessed, long created, long duplicates,
                 long failed, List<RowError> rowErrors, List<RowError> warnings, boolean cancelRequested,
                 String claimedBy, Instant heartbeatAt, Instant createdAt, Instant startedAt, Instant finishedAt,
                 String failure, Importer importer, String recordType, List<CreatedRecord> records,
                 String timeZone) {

    static final String COLLECTION = "import_jobs";
    static final String CHUNKS = "import_chunks";
    static final String CONTACTS = "contacts";
    static final String COMPANIES = "companies";
    static final String ACTIVITIES = "activities";
    /** Created records kept on the job for the report (the counts say how many there are in all). */
    static final int MAX_STORED_RECORDS = 200;

    ImportJob {
        rowErrors = rowErrors == null ? List.of() : rowErrors;
        warnings = warnings == null ? List.of() : warnings;
        preview = preview == null ? List.of() : preview;
        recordType = recordType == null ? CONTACTS : recordType;
        records = records == null ? List.of() : records;
    }

    /** How the file is read; absent on jobs from before formats: CSV in UTF-8 with commas. */
    TableSettings settings() {
        if (file == null) {
            return new TableSettings(TabularFormat.CSV, StandardCharsets.UTF_8, ',', null);
        }
        TabularFormat format = TabularFormat.of(file.format());
        return new TableSettings(format, file.encoding() == null ? null : TextEncodings.named(file.encoding(), "encoding"),
                file.delimiter() == null ? null : Delimiters.named(file.delimiter(), "delimiter"), file.sheet());
    }

    /**
     * How the file is read, as detected or chosen on upload.
     *
     * @param format    csv, xlsx or vcf
     * @param encoding  the text encoding (csv, vcf)
     * @param delimiter the column separator (csv; tab as {@code \t})
     * @param sheet     the sheet read (xlsx)
     * @param sheets    every sheet of the workbook (xlsx)
     */
    record FileSettings(String format, String encoding, String delimiter, String sheet, List<String> sheets) {
    }

    /** A record the run created: its row (2 = first data row), id and name, for the report to link to. */
    record CreatedRecord(long row, String id, String name) {
    }

    /** File column (by header name) to a field of the job's record type. */
    record ColumnMapping(String column, String field) {
    }

    /** A row that was refused, skipped as a duplicate or imported with a remark; row 2 is the first data row. */
    record RowError(long row, String field, String message) {
    }
}

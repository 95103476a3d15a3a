package io.pulsecrm.contacts.imports;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;

/**
 * What an import of one record type (contacts, companies) adds to the shared mechanics of {@link ImportWorker} (file,
 * batches, checkpoints, claims, resumption): the fields a column can be mapped to, the suggested mapping, how a row's
 * cells become the record's details, and how one row is checked for duplicates and created exactly as the API would.
 */
interface ImportedRecords {

    /** {@code contacts} or {@code companies}, as the upload's {@code recordType} names it. */
    String recordType();

    /** The custom field object type of the records ({@code contact}, {@code company}). */
    String customFieldType();

    /** The built-in fields a column can be mapped to, in the order a mapping offers them. */
    List<String> fields();

    /** The field a column must be mapped to. */
    String requiredField();

    /** Column name to field for the columns Pulse recognises; each field at most once. */
    Map<String, String> suggest(List<String> columns, Map<String, CustomFieldDefinition> definitions);

    /**
     * A row's cells read and normalised as an API create would; invalid values are added to {@code problems} (the row
     * then fails with them). {@code region}: for phone numbers without a country code, when the row has no country.
     */
    Read read(List<ImportJob.ColumnMapping> mapping, List<String> columns, List<String> cells,
              Map<String, CustomFieldDefinition> definitions, String region, long rowNumber, List<FieldProblem> problems);

    /**
     * One row, with the importer's rights ({@link Importer#runAs}): skipped as a duplicate of a live record (or, in a
     * dry run, of an earlier row of the file, {@link ImportRowKeys}) unless the job allows duplicates, else created
     * (or counted as would-be-created in a dry run) under {@code recordId}, derived from job and row, so a row handled
     * again finds its record instead of creating another. {@code mayExist}: the row may have been created by a replica
     * the job was taken over from.
     */
    RowOutcome handle(ImportJob job, String recordId, long rowNumber, Read row, boolean mayExist, boolean dryRun);

    /**
     * A row read into a record's details.
     *
     * @param details  the record's normalised details (the implementation's own type)
     * @param keys     the values by which a later row of the same batch would be its duplicate (they go in file order)
     * @param warnings remarks for a row imported anyway
     */
    record Read(Object details, Set<String> keys, List<ImportJob.RowError> warnings) {
    }

    /**
     * What became of a row: "created" (or would be, in a dry run), "duplicate" or "failed", its notes (reported as
     * rowErrors), warnings (imported, with a remark) and the record created (null otherwise, and in a dry run).
     */
    record RowOutcome(String result, List<ImportJob.RowError> notes, List<ImportJob.RowError> warnings,
                      ImportJob.CreatedRecord record) {

        RowOutcome(String result, List<ImportJob.RowError> notes) {
            this(result, notes, List.of(), null);
        }
    }
}

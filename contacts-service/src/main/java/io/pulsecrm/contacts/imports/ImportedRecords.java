package io.pulsecrm.contacts.imports;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException.Candidate;
import io.pulsecrm.contacts.duplicates.KeyReservation;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.dao.DuplicateKeyException;

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

    /** What is wrong with a mapping onto these fields beyond the checks every type shares (nothing, by default). */
    default List<FieldProblem> mappingProblems(Set<String> mappedFields) {
        return List.of();
    }

    /** Column name to field for the columns Pulse recognises; each field at most once. */
    Map<String, String> suggest(List<String> columns, Map<String, CustomFieldDefinition> definitions);

    /**
     * A row's cells read and normalised as an API create would; invalid values are added to {@code problems} (the row
     * then fails with them).
     */
    Read read(List<ImportJob.ColumnMapping> mapping, List<String> columns, List<String> cells,
              Map<String, CustomFieldDefinition> definitions, Reading reading, long rowNumber, List<FieldProblem> problems);

    /**
     * How a run reads values that do not say everything themselves.
     *
     * @param phoneRegion for phone numbers without a country code, when the row has no country
     * @param timeZone    for dates and times without an offset
     */
    record Reading(String phoneRegion, java.time.ZoneId timeZone) {
    }

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

    /**
     * The note of a row that duplicates a live record ({@code noun}: contact, company): the first candidate the
     * importer sees, else only the value it shares.
     */
    static ImportJob.RowError duplicateOf(String noun, long rowNumber, List<DuplicateDetector.Match> matches, OwnerScope scope) {
        Candidate first = matches.stream().filter(m -> !m.pending() && scope.includes(m.ownerId()))
                .map(DuplicateDetector.Match::candidate).findFirst().orElse(null);
        Candidate any = matches.getFirst().candidate();
        return first != null
                ? new ImportJob.RowError(rowNumber, first.matchedOn(), "duplicate of " + noun + " " + first.id() + " (" + first.value() + "); skipped")
                : new ImportJob.RowError(rowNumber, any.matchedOn(), "duplicate of a " + noun + " you cannot see (" + any.value() + "); skipped");
    }

    /** The warning of a row imported with a main phone that is no valid number, kept as entered. */
    static ImportJob.RowError unverifiedPhone(long rowNumber, String phone, String region) {
        return new ImportJob.RowError(rowNumber, "phone", "'" + phone + "' is not a valid phone number (read as " + region
                + " when it has no country code): kept as entered, marked unverified");
    }

    /** A dry run's row that an earlier row of the file would already have created: a duplicate, said so. */
    static RowOutcome sameAsEarlierRow(long rowNumber, ImportRowKeys.EarlierRow earlier, List<ImportJob.RowError> notes) {
        notes.add(new ImportJob.RowError(rowNumber, earlier.kind(), "same " + earlier.kind() + " as row "
                + earlier.row() + " of this file (" + earlier.value() + "); would be skipped"));
        return new RowOutcome("duplicate", notes);
    }

    /**
     * Stores a row's record under the keys reserved for it: the claims are kept once it is stored, or when the same row
     * of a concurrent claimant stored it first (then they are that record's); released if storing failed otherwise.
     */
    static void storeClaimed(KeyReservation keys, Runnable store) {
        try {
            store.run();
        } catch (DuplicateKeyException e) {
            // created meanwhile by the same row of a concurrent claimant: the claims are that record's
        } catch (RuntimeException e) {
            keys.close();
            throw e;
        }
        keys.commit();
    }
}

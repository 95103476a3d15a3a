package io.pulsecrm.contacts.imports;

import java.util.List;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.web.InvalidRequestException;

/**
 * The people an imported row names (a record's owner, an activity's author), by user id or email, as an API create
 * would accept them, with a note when the row's is refused: the row is still imported, with the importer instead.
 */
final class ImportOwners {

    private ImportOwners() {
    }

    /**
     * The one the row names when the importer may assign records to them, else the importer (noted on the row).
     * {@code records}: what is assigned, for the note ("contacts", "companies").
     */
    static String owner(RecordAccess access, String requested, long rowNumber, List<ImportJob.RowError> notes, String records) {
        return person(access, requested, "ownerId", rowNumber, notes, "assign " + records + " to", "owned by the importer instead");
    }

    /**
     * The author of an imported activity: the one the row names when the importer may act for them (as for owners: a
     * rep only themselves, a manager their team), else the importer (noted on the row).
     */
    static String author(RecordAccess access, String requested, long rowNumber, List<ImportJob.RowError> notes) {
        return person(access, requested, "author", rowNumber, notes, "log activities for", "logged as the importer's instead");
    }

    private static String person(RecordAccess access, String requested, String field, long rowNumber,
                                 List<ImportJob.RowError> notes, String may, String instead) {
        try {
            return access.ownerOfNew(requested == null ? null : access.userIdOf(requested), field);
        } catch (InvalidRequestException | ForbiddenException e) {
            String reason = e instanceof InvalidRequestException ? "is not a known user" : "is not someone you may " + may;
            notes.add(new ImportJob.RowError(rowNumber, field, "'" + InvalidRequestException.echo(requested) + "' " + reason + "; " + instead));
            return access.ownerOfNew(null, field);
        }
    }
}

package io.pulsecrm.contacts.imports;

import java.util.List;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.platform.security.ForbiddenException;
import io.pulsecrm.platform.web.InvalidRequestException;

/** The owner of an imported row's record, as an API create would choose it, with a note when the row's is refused. */
final class ImportOwners {

    private ImportOwners() {
    }

    /**
     * The one the row names when the importer may assign records to them, else the importer (noted on the row, which
     * is still imported). {@code records}: what is assigned, for the note ("contacts", "companies").
     */
    static String owner(RecordAccess access, String requested, long rowNumber, List<ImportJob.RowError> notes, String records) {
        try {
            return access.ownerOfNew(requested, "ownerId");
        } catch (InvalidRequestException | ForbiddenException e) {
            String reason = e instanceof InvalidRequestException ? "is not a known user" : "is not someone you may assign " + records + " to";
            notes.add(new ImportJob.RowError(rowNumber, "ownerId", "'" + requested + "' " + reason + "; owned by the importer instead"));
            return access.ownerOfNew(null, "ownerId");
        }
    }
}

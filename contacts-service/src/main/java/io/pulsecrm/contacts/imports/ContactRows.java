package io.pulsecrm.contacts.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactDetailsCopy;
import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.DuplicatesFoundException;
import io.pulsecrm.contacts.duplicates.KeyReservation;
import io.pulsecrm.contacts.settings.PhoneRegions;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rows that become contacts: the same normalisation, duplicate check (emails and phones, with the claims) and
 * pulse.contact.created.v1 as {@code POST /api/contacts}. A contact is owned by the importer unless the row's ownerId
 * names a known user the importer may assign records to; otherwise the importer keeps it and the row gets a note on
 * ownerId. Duplicates the importer may not see are reported without their id.
 */
@Component
class ContactRows implements ImportedRecords {

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final ContactNormalizer normalizer;
    private final DuplicateDetector duplicates;
    private final RecordAccess access;
    private final ImportRowKeys rowKeys;
    private final PhoneRegions phoneRegions;
    private final java.time.Clock clock;

    ContactRows(MongoTemplate mongo, AggregateStore store, ContactNormalizer normalizer, DuplicateDetector duplicates,
                RecordAccess access, ImportRowKeys rowKeys, PhoneRegions phoneRegions, java.time.Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.normalizer = normalizer;
        this.duplicates = duplicates;
        this.access = access;
        this.rowKeys = rowKeys;
        this.phoneRegions = phoneRegions;
        this.clock = clock;
    }

    @Override
    public String recordType() {
        return ImportJob.CONTACTS;
    }

    @Override
    public String customFieldType() {
        return "contact";
    }

    @Override
    public List<String> fields() {
        return ImportFields.FIELDS;
    }

    @Override
    public String requiredField() {
        return "firstName";
    }

    @Override
    public Map<String, String> suggest(List<String> columns, Map<String, CustomFieldDefinition> definitions) {
        return ImportColumns.suggest(columns, definitions);
    }

    /**
     * Phone numbers without a country code are read as numbers of the row's country when it has one with a numbering
     * plan, else of the import's region; a primary phone that still cannot be read is kept as entered, with a warning.
     */
    @Override
    public Read read(List<ImportJob.ColumnMapping> mapping, List<String> columns, List<String> cells,
                     Map<String, CustomFieldDefinition> definitions, Reading reading, long rowNumber,
                     List<FieldProblem> problems) {
        String region = reading.phoneRegion();
        ContactDetails details;
        try {
            ContactDetails raw = ImportFields.details(mapping, columns, cells, definitions, problems);
            String country = raw.address() == null || raw.address().country() == null ? null
                    : raw.address().country().strip().toUpperCase(Locale.ROOT);
            details = normalizer.normalize(raw, null, phoneRegions.supported(country) ? country : region);
        } catch (InvalidRequestException e) {
            problems.addAll(e.fieldErrors());
            return null;
        }
        if (!problems.isEmpty()) {
            return null;
        }
        List<ImportJob.RowError> warnings = details.phoneUnverified()
                ? List.of(ImportedRecords.unverifiedPhone(rowNumber, details.phone(), region)) : List.of();
        Set<String> keys = new HashSet<>(details.allEmails());
        keys.addAll(details.allPhones());
        return new Read(details, keys, warnings);
    }

    /**
     * A row whose email or phone a live contact has is a duplicate (its values are claimed before the contact is
     * stored, as for an API create); in a dry run, where nothing is stored, so is a row with the email or phone of an
     * earlier row that would be created.
     */
    @Override
    public RowOutcome handle(ImportJob job, String contactId, long rowNumber, Read row, boolean mayExist, boolean dryRun) {
        List<ImportJob.RowError> notes = new ArrayList<>();
        ContactDetails read = (ContactDetails) row.details();
        ImportJob.CreatedRecord record = new ImportJob.CreatedRecord(rowNumber, contactId,
                read.lastName() == null ? read.firstName() : read.firstName() + " " + read.lastName());
        // by _id with find, not exists(): a count is an aggregation, which the embedded store answers by scanning
        if (!dryRun && mayExist && mongo.findById(contactId, org.bson.Document.class, Contact.COLLECTION) != null) {
            return new RowOutcome("created", notes, row.warnings(), record); // by the replica this job was taken over from
        }
        ContactDetails details = ContactDetailsCopy.withOwner(read, owner(read.ownerId(), rowNumber, notes));
        OwnerScope scope = access.scope();
        if (dryRun) {
            if (!job.allowDuplicates()) {
                List<DuplicateDetector.Match> matches = duplicates.contactDuplicates(details);
                if (!matches.isEmpty()) {
                    notes.add(ImportedRecords.duplicateOf("contact", rowNumber, matches, scope));
                    return new RowOutcome("duplicate", notes);
                }
                List<ImportRowKeys.RowKey> keys = new ArrayList<>();
                details.allEmails().forEach(email -> keys.add(new ImportRowKeys.RowKey("email", email)));
                details.allPhones().forEach(phone -> keys.add(new ImportRowKeys.RowKey("phone", phone)));
                ImportRowKeys.EarlierRow earlier = rowKeys.record(job.id(), rowNumber, keys);
                if (earlier != null) {
                    return ImportedRecords.sameAsEarlierRow(rowNumber, earlier, notes);
                }
            }
            return new RowOutcome("created", notes, row.warnings(), null);
        }
        KeyReservation keys;
        try {
            keys = duplicates.reserveContact(contactId, details, null, scope, job.allowDuplicates());
        } catch (DuplicatesFoundException e) {
            notes.add(ImportedRecords.duplicateOf("contact", rowNumber, e.matches(), scope));
            return new RowOutcome("duplicate", notes);
        }
        ImportedRecords.storeClaimed(keys, () -> store.save(Contact.create(contactId, details, clock.instant())));
        return new RowOutcome("created", notes, row.warnings(), record);
    }


    /**
     * The owner of an imported row's contact: the one the row names when the importer may assign to them, else the
     * importer (noted on the row, which is still imported).
     */
    private String owner(String requested, long rowNumber, List<ImportJob.RowError> notes) {
        return ImportOwners.owner(access, requested, rowNumber, notes, "contacts");
    }
}

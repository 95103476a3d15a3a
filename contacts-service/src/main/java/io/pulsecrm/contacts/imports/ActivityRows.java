package io.pulsecrm.contacts.imports;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.timeline.ActivityInput;
import io.pulsecrm.contacts.timeline.TimelineEntry;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Rows that become activities on contacts' timelines (calls, meetings, notes, emails brought over from another system),
 * with their original dates and authors, checked as {@code POST /api/contacts/{id}/timeline} checks them and published
 * as pulse.activity.logged.v1. A row finds its contact by id, email or phone among the contacts the importer sees (so
 * a file of activities refers to the contacts imported before it); its author, by user id or email, must be someone the
 * importer may act for. The same activity (contact, kind, time, subject and text) imported again is a duplicate: its
 * entry id is derived from those values.
 */
@Component
class ActivityRows implements ImportedRecords {

    static final List<String> FIELDS = List.of("occurredAt", "type", "subject", "body", "direction", "duration", "outcome",
            "endsAt", "location", "recordingUrl", "contactEmail", "contactPhone", "contactId", "author");
    private static final List<String> CONTACT_FIELDS = List.of("contactId", "contactEmail", "contactPhone");

    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final ContactNormalizer normalizer;
    private final DuplicateDetector duplicates;
    private final RecordAccess access;
    private final ImportRowKeys rowKeys;
    private final Clock clock;

    ActivityRows(MongoTemplate mongo, AggregateStore store, ContactNormalizer normalizer, DuplicateDetector duplicates,
                 RecordAccess access, ImportRowKeys rowKeys, Clock clock) {
        this.mongo = mongo;
        this.store = store;
        this.normalizer = normalizer;
        this.duplicates = duplicates;
        this.access = access;
        this.rowKeys = rowKeys;
        this.clock = clock;
    }

    /** A row read: the activity as the API would take it, the contact it names (one way) and its author as written. */
    private record ActivityRow(ActivityInput activity, String contactField, String contactValue, String author) {
    }

    @Override
    public String recordType() {
        return ImportJob.ACTIVITIES;
    }

    @Override
    public String customFieldType() {
        return "activity"; // activities have no custom fields: no definition has this type
    }

    @Override
    public List<String> fields() {
        return FIELDS;
    }

    /** History without its dates would all be dated today. */
    @Override
    public String requiredField() {
        return "occurredAt";
    }

    @Override
    public List<FieldProblem> mappingProblems(Set<String> mappedFields) {
        return CONTACT_FIELDS.stream().anyMatch(mappedFields::contains) ? List.of()
                : List.of(new FieldProblem("mapping", "a column must be mapped to one of " + CONTACT_FIELDS));
    }

    @Override
    public Map<String, String> suggest(List<String> columns, Map<String, CustomFieldDefinition> definitions) {
        return ImportColumns.suggestActivities(columns);
    }

    @Override
    public Read read(List<ImportJob.ColumnMapping> mapping, List<String> columns, List<String> cells,
                     Map<String, CustomFieldDefinition> definitions, Reading reading, long rowNumber,
                     List<FieldProblem> problems) {
        Map<String, String> values = new HashMap<>();
        ImportFields.cells(mapping, columns, cells, Map.of(), values, new HashMap<>(), problems);
        ActivityCells.Kind kind = ActivityCells.kind(values.get("type"), problems);
        String direction = values.containsKey("direction") ? ActivityCells.direction(values.get("direction"), problems)
                : kind == null ? null : kind.direction();
        ActivityInput raw = new ActivityInput(kind == null ? null : kind.type(),
                ActivityCells.instant(values.get("occurredAt"), reading.timeZone(), "occurredAt", problems),
                values.get("subject"), values.get("body"), direction,
                ActivityCells.durationSeconds(values.get("duration"), problems), values.get("outcome"),
                values.get("recordingUrl"), ActivityCells.instant(values.get("endsAt"), reading.timeZone(), "endsAt", problems),
                values.get("location"));
        String contactField = CONTACT_FIELDS.stream().filter(values::containsKey).findFirst().orElse(null);
        String contactValue = contactField == null ? null : switch (contactField) {
            case "contactEmail" -> ContactNormalizer.email(values.get(contactField), contactField, problems);
            case "contactPhone" -> normalizer.phone(values.get(contactField), contactField, reading.phoneRegion(), problems);
            default -> values.get(contactField);
        };
        if (contactField == null) {
            problems.add(new FieldProblem("contact", "the row names no contact (contactId, contactEmail or contactPhone)"));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        ActivityInput activity;
        try {
            activity = raw.normalize(clock);
        } catch (InvalidRequestException e) {
            problems.addAll(e.fieldErrors());
            return null;
        }
        // rows of one contact go in file order, so the first of two identical ones is the one imported
        return new Read(new ActivityRow(activity, contactField, contactValue, values.get("author")),
                Set.of(contactField + ":" + contactValue), List.of());
    }

    @Override
    public RowOutcome handle(ImportJob job, String recordId, long rowNumber, Read row, boolean mayExist, boolean dryRun) {
        List<ImportJob.RowError> notes = new ArrayList<>();
        ActivityRow read = (ActivityRow) row.details();
        Contact contact = contact(read, rowNumber, notes);
        if (contact == null) {
            return new RowOutcome("failed", notes);
        }
        String author = ImportOwners.author(access, read.author(), rowNumber, notes);
        String id = job.allowDuplicates() ? recordId : sameActivityId(contact.getId(), read.activity());
        ImportJob.CreatedRecord record = new ImportJob.CreatedRecord(rowNumber, contact.getId(), name(contact));
        // a run learns of an entry already there from its insert; a dry run, which stores nothing, and a row a replica
        // this job was taken over from may have stored, read it first
        org.bson.Document existing = dryRun || mayExist
                ? mongo.findById(id, org.bson.Document.class, TimelineEntry.COLLECTION) : null;
        if (existing != null) {
            if (!dryRun && job.id().equals(existing.getString("sourceId"))) {
                return new RowOutcome("created", notes, row.warnings(), record); // by the replica this job was taken over from
            }
            return duplicate(rowNumber, contact, notes);
        }
        if (dryRun) {
            ImportRowKeys.EarlierRow earlier = job.allowDuplicates() ? null
                    : rowKeys.record(job.id(), rowNumber, List.of(new ImportRowKeys.RowKey("activity", id)));
            if (earlier != null) {
                notes.add(new ImportJob.RowError(rowNumber, null, "same activity as row " + earlier.row() + " of this file; would be skipped"));
                return new RowOutcome("duplicate", notes);
            }
            return new RowOutcome("created", notes, row.warnings(), null);
        }
        try {
            store.save(TimelineEntry.imported(id, read.activity(), contact.getId(), contact.details().companyId(), author,
                    job.id(), clock.instant()));
        } catch (DuplicateKeyException sameRowElsewhere) {
            return duplicate(rowNumber, contact, notes);
        }
        return new RowOutcome("created", notes, row.warnings(), record);
    }

    private static RowOutcome duplicate(long rowNumber, Contact contact, List<ImportJob.RowError> notes) {
        notes.add(new ImportJob.RowError(rowNumber, null, "the same activity is already on the timeline of " + name(contact)
                + " (" + contact.getId() + "); skipped"));
        return new RowOutcome("duplicate", notes);
    }

    /**
     * The one live contact the row names that the importer sees, following merges to the survivor; null (with the
     * row's note) when there is none or, by email or phone, more than one.
     */
    private Contact contact(ActivityRow row, long rowNumber, List<ImportJob.RowError> notes) {
        OwnerScope scope = access.scope();
        String field = row.contactField();
        List<String> ids = "contactId".equals(field) ? List.of(row.contactValue())
                : duplicates.contactsHolding("contactEmail".equals(field) ? "email" : "phone", row.contactValue()).stream()
                .filter(match -> !match.pending() && scope.includes(match.ownerId())).map(DuplicateDetector.Match::id).toList();
        if (ids.size() > 1) {
            notes.add(new ImportJob.RowError(rowNumber, field, "'" + InvalidRequestException.echo(row.contactValue()) + "' belongs to " + ids.size()
                    + " contacts (" + String.join(", ", ids.subList(0, Math.min(3, ids.size()))) + "); map a contactId column to choose"));
            return null;
        }
        Contact contact = ids.isEmpty() ? null : store.find(Contact.class, ids.getFirst()).orElse(null);
        if (contact != null && contact.getMergedInto() != null) {
            contact = store.find(Contact.class, contact.getMergedInto()).orElse(null);
        }
        if (contact == null || contact.isDeleted() || !scope.includes(contact.getOwnerId())) {
            notes.add(new ImportJob.RowError(rowNumber, field, "no contact you can see has " + switch (field) {
                case "contactEmail" -> "email ";
                case "contactPhone" -> "phone ";
                default -> "id ";
            } + "'" + InvalidRequestException.echo(row.contactValue()) + "'"));
            return null;
        }
        return contact;
    }

    /** One id per activity (contact, kind, time, subject, text): importing it again finds it instead of adding it twice. */
    private static String sameActivityId(String contactId, ActivityInput activity) {
        String identity = String.join("\n", contactId, activity.type(), String.valueOf(activity.occurredAt()),
                String.valueOf(activity.subject()), String.valueOf(activity.body()));
        return "imp-" + UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8));
    }

    private static String name(Contact contact) {
        return contact.details().lastName() == null ? contact.details().firstName()
                : contact.details().firstName() + " " + contact.details().lastName();
    }
}

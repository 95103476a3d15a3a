package io.pulsecrm.contacts.contacts;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.pulsecrm.contacts.contacts.ContactEvents.Change;
import io.pulsecrm.contacts.contacts.ContactEvents.ContactCreated;
import io.pulsecrm.contacts.contacts.ContactEvents.ContactDeleted;
import io.pulsecrm.contacts.contacts.ContactEvents.ContactMerged;
import io.pulsecrm.contacts.contacts.ContactEvents.ContactUpdated;
import io.pulsecrm.contacts.search.SearchKeys;
import io.pulsecrm.platform.files.FileView;
import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.events.Ids;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/** A person the business deals with. Every change records the event that tells the rest of the platform. */
@Document(Contact.COLLECTION)
@Aggregate(type = "contact", topic = Contact.TOPIC,
        historyIgnores = {"emailKeys", "phoneKeys", "searchKeys", "nameKey"})
@CompoundIndexes({
        @CompoundIndex(name = "name_sort", def = "{'deletedAt': 1, 'nameKey': 1, '_id': 1}"),
        @CompoundIndex(name = "updated_sort", def = "{'deletedAt': 1, 'updatedAt': 1, '_id': 1}"),
        @CompoundIndex(name = "company", def = "{'companyId': 1, '_id': 1}"),
        // the list in creation order (the default), a rep's and a team's contacts, a tag's: each page read in order
        @CompoundIndex(name = "live_created", def = "{'deletedAt': 1, '_id': 1}"),
        @CompoundIndex(name = "owner_created", def = "{'ownerId': 1, 'deletedAt': 1, '_id': 1}"),
        @CompoundIndex(name = "tag_created", def = "{'tags': 1, 'deletedAt': 1, '_id': 1}")
})
public class Contact extends AggregateRoot {

    public static final String COLLECTION = "contacts";
    public static final String TOPIC = "pulse.contacts.contact.v1";

    private String firstName;
    private String lastName;
    private String email;
    private String phone;
    private boolean phoneUnverified;
    private String jobTitle;
    private List<String> otherEmails;
    private List<String> otherPhones;
    private List<Messenger> messengers;
    private Address address;
    private String source;
    private String lifecycleStage;
    private String ownerId;
    private String companyId;
    private List<String> tags;
    private LocalDate birthday;
    private Consent consent;
    /** keys are defined custom field keys ([a-z][a-zA-Z0-9_]*): safe as field names */
    private Map<String, Object> customFields;
    private Acquisition acquisition;
    /** only merged contacts have it: the timeline of a surviving contact looks up those merged into it */
    @Indexed(sparse = true)
    private String mergedInto;
    private Instant erasedAt;
    /** Set once, when the contact was converted into a deal (the deal's id is allocated here, before the deal exists). */
    private Conversion conversion;

    // derived, for queries only: every email and phone (duplicate detection), prefix-search keys, name sort key
    @Indexed
    private List<String> emailKeys;
    @Indexed
    private List<String> phoneKeys;
    @Indexed
    private List<String> searchKeys;
    private String nameKey;

    protected Contact() {
        // for the object mapper
    }

    private Contact(String id, ContactDetails details, Instant now) {
        super(id, now);
        apply(details);
    }

    public static Contact create(ContactDetails details, Instant now) {
        return create(Ids.newId(), details, now);
    }

    /** With an id chosen by the caller (e.g. derived from an import row, so a resumed import cannot create it twice). */
    public static Contact create(String id, ContactDetails details, Instant now) {
        Contact contact = new Contact(id, details, now);
        contact.record(new ContactCreated(contact.snapshot()));
        return contact;
    }

    /** Applies the changed fields; a change that changes nothing records no event. */
    public void update(ContactDetails details, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        Map<String, Change> changes = diff(details(), details);
        if (changes.isEmpty()) {
            return;
        }
        apply(details);
        touch(now);
        record(new ContactUpdated(snapshot(), changes));
    }

    public void delete(long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        markDeleted(now);
        record(new ContactDeleted(getId(), now, null));
    }

    /** A file was attached: the event tells the timeline and partners; the contact's fields do not change. */
    public void fileAttached(FileView file) {
        record(new ContactEvents.ContactFileAttached(getId(), file));
    }

    public void fileRemoved(FileView file) {
        record(new ContactEvents.ContactFileRemoved(getId(), file));
    }

    /**
     * This contact survives a merge: it takes the chosen details (built by the caller from all merged contacts)
     * and records which contacts it absorbed.
     */
    public void absorb(List<String> mergedIds, ContactDetails merged, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        Map<String, Change> changes = diff(details(), merged);
        apply(merged);
        touch(now);
        record(new ContactMerged(getId(), List.copyOf(mergedIds), snapshot(), changes));
    }

    /** This contact was merged into {@code survivorId}: it disappears from lists, the survivor carries on. */
    public void mergeInto(String survivorId, Instant now) {
        if (isDeleted()) {
            throw new StateConflictException("Contact " + getId() + " is deleted or already merged");
        }
        if (getId().equals(survivorId)) {
            throw new StateConflictException("A contact cannot be merged into itself");
        }
        this.mergedInto = survivorId;
        markDeleted(now);
        record(new ContactDeleted(getId(), now, survivorId));
    }

    /**
     * GDPR erasure: every personal field is removed for good (also from deleted or merged contacts); what is left is
     * the id, timestamps and the fact of the erasure. The event carries no personal data.
     */
    public boolean erase(Instant now) {
        if (erasedAt != null) {
            return false;
        }
        apply(new ContactDetails(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null));
        this.source = null;
        this.lifecycleStage = null;
        this.searchKeys = List.of();
        this.nameKey = null;
        this.erasedAt = now;
        forgetHistory(); // earlier history lines hold the personal data too; this one keeps no values
        if (!isDeleted()) {
            markDeleted(now);
        } else {
            touch(now);
        }
        record(new ContactEvents.ContactErased(getId(), now));
        return true;
    }

    /**
     * Converts this lead into a deal: the lifecycle stage moves on to {@value #CONVERTED_STAGE}, the conversion is kept
     * on the contact, and the conversion event (which deals-service opens the deal from) is recorded with the contact's
     * update in the same document write. Only a live contact in one of {@link #CONVERTIBLE_STAGES} converts, once.
     * The deal's company ({@code conversion.companyId()}) becomes the contact's company when it has none.
     */
    public void convert(Conversion conversion, ContactEvents.DealToOpen deal, long expectedVersion) {
        requireVersion(expectedVersion);
        if (isDeleted()) {
            throw new StateConflictException("Contact " + getId() + " is deleted");
        }
        if (this.conversion != null) {
            throw new StateConflictException("Contact " + getId() + " was already converted into deal " + this.conversion.dealId());
        }
        if (!CONVERTIBLE_STAGES.contains(lifecycleStage)) {
            throw new NotConvertibleException(getId(), lifecycleStage);
        }
        ContactDetails before = details();
        this.lifecycleStage = CONVERTED_STAGE;
        if (companyId == null && conversion.companyId() != null) {
            this.companyId = conversion.companyId();
        }
        this.conversion = conversion;
        touch(conversion.convertedAt());
        record(new ContactUpdated(snapshot(), diff(before, details())));
        record(new ContactEvents.ContactConverted(getId(), conversion.dealId(), deal, conversion.companyId(),
                snapshot(), conversion.convertedAt(), conversion.convertedBy()));
    }

    /** Lifecycle stages of a contact that is still a lead (may be converted into a deal). */
    public static final java.util.Set<String> CONVERTIBLE_STAGES = java.util.Set.of("lead", "qualified");
    /** The lifecycle stage of a converted contact. */
    public static final String CONVERTED_STAGE = "opportunity";

    public Conversion getConversion() {
        return conversion;
    }

    public String getOwnerId() {
        return ownerId;
    }

    public String getMergedInto() {
        return mergedInto;
    }

    public String getNameKey() {
        return nameKey;
    }

    public ContactDetails details() {
        return new ContactDetails(firstName, lastName, email, phone, jobTitle, otherEmails, otherPhones, messengers,
                address, source, lifecycleStage, ownerId, companyId, tags, birthday, consent, customFields, acquisition,
                phoneUnverified);
    }

    public ContactEvents.ContactSnapshot snapshot() {
        ContactDetails d = details();
        return new ContactEvents.ContactSnapshot(getId(), d.firstName(), d.lastName(), d.email(),
                d.phoneUnverified() ? null : d.phone(),
                d.jobTitle(), d.otherEmails(), d.otherPhones(), d.messengers(), d.address(), d.source(),
                d.lifecycleStage(), d.ownerId(), d.companyId(), d.tags(), d.birthday(), d.consent(), d.customFields(),
                d.acquisition(), d.phoneUnverified() ? d.phone() : null, getCreatedAt(), getUpdatedAt());
    }

    private void apply(ContactDetails details) {
        this.firstName = details.firstName();
        this.lastName = details.lastName();
        this.email = details.email();
        this.phone = details.phone();
        this.phoneUnverified = details.phoneUnverified();
        this.jobTitle = details.jobTitle();
        this.otherEmails = details.otherEmails();
        this.otherPhones = details.otherPhones();
        this.messengers = details.messengers();
        this.address = details.address();
        this.source = details.source();
        this.lifecycleStage = details.lifecycleStage();
        this.ownerId = details.ownerId();
        this.companyId = details.companyId();
        this.tags = details.tags();
        this.birthday = details.birthday();
        this.consent = details.consent();
        this.customFields = details.customFields();
        this.acquisition = details.acquisition();
        this.emailKeys = details.allEmails();
        this.phoneKeys = details.allPhones();
        this.searchKeys = searchKeys(details);
        String last = Objects.requireNonNullElse(SearchKeys.normalize(lastName), "");
        String first = Objects.requireNonNullElse(SearchKeys.normalize(firstName), "");
        this.nameKey = last + "\u0001" + first;
    }

    private static List<String> searchKeys(ContactDetails details) {
        Set<String> keys = new LinkedHashSet<>();
        String first = SearchKeys.normalize(details.firstName());
        String last = SearchKeys.normalize(details.lastName());
        add(keys, first);
        add(keys, last);
        if (first != null && last != null) {
            keys.add(first + " " + last);
            keys.add(last + " " + first);
        }
        for (String email : details.allEmails()) {
            keys.add(email);
        }
        for (String phone : details.allPhones()) {
            keys.add(SearchKeys.digits(phone));
        }
        return new ArrayList<>(keys);
    }

    private static void add(Set<String> keys, String key) {
        if (key != null) {
            keys.add(key);
        }
    }

    /** Field-by-field differences of two detail records, by record component name. */
    static Map<String, Change> diff(ContactDetails before, ContactDetails after) {
        Map<String, Change> changes = new LinkedHashMap<>();
        for (RecordComponent component : ContactDetails.class.getRecordComponents()) {
            try {
                Object from = component.getAccessor().invoke(before);
                Object to = component.getAccessor().invoke(after);
                if (!Objects.equals(from, to)) {
                    changes.put(component.getName(), new Change(from, to));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changes;
    }
}

package io.pulsecrm.contacts.contacts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.pulsecrm.contacts.contacts.ContactEvents.Change;
import io.pulsecrm.contacts.contacts.ContactEvents.ContactCreated;
import io.pulsecrm.contacts.contacts.ContactEvents.ContactDeleted;
import io.pulsecrm.contacts.contacts.ContactEvents.ContactUpdated;
import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.events.Ids;
import org.springframework.data.mongodb.core.mapping.Document;

/** A person the business deals with. Every change records the event that tells the rest of the platform. */
@Document(Contact.COLLECTION)
@Aggregate(type = "contact", topic = Contact.TOPIC)
public class Contact extends AggregateRoot {

    public static final String COLLECTION = "contacts";
    public static final String TOPIC = "pulse.contacts.contact.v1";

    private String firstName;
    private String lastName;
    private String email;
    private String phone;
    private String jobTitle;

    protected Contact() {
        // for the object mapper
    }

    private Contact(String id, ContactDetails details, Instant now) {
        super(id, now);
        apply(details);
    }

    public static Contact create(ContactDetails details, Instant now) {
        Contact contact = new Contact(Ids.newId(), details, now);
        contact.record(new ContactCreated(contact.snapshot()));
        return contact;
    }

    /** Applies the changed fields; a change that changes nothing records no event. */
    public void update(ContactDetails details, long expectedVersion, Instant now) {
        requireVersion(expectedVersion);
        Map<String, Change> changes = new LinkedHashMap<>();
        compare(changes, "firstName", firstName, details.firstName());
        compare(changes, "lastName", lastName, details.lastName());
        compare(changes, "email", email, details.email());
        compare(changes, "phone", phone, details.phone());
        compare(changes, "jobTitle", jobTitle, details.jobTitle());
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
        record(new ContactDeleted(getId(), now));
    }

    public ContactDetails details() {
        return new ContactDetails(firstName, lastName, email, phone, jobTitle);
    }

    public ContactEvents.ContactSnapshot snapshot() {
        return new ContactEvents.ContactSnapshot(getId(), firstName, lastName, email, phone, jobTitle,
                getCreatedAt(), getUpdatedAt());
    }

    private void apply(ContactDetails details) {
        this.firstName = details.firstName();
        this.lastName = details.lastName();
        this.email = details.email();
        this.phone = details.phone();
        this.jobTitle = details.jobTitle();
    }

    private static void compare(Map<String, Change> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, new Change(before, after));
        }
    }
}

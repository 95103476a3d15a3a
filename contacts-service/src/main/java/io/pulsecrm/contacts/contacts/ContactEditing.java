package io.pulsecrm.contacts.contacts;

import java.time.Clock;
import java.util.function.UnaryOperator;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.duplicates.KeyReservation;
import io.pulsecrm.platform.aggregate.AggregateStore;
import org.springframework.stereotype.Component;

/**
 * The write path of a change to an existing contact, for a PATCH and for each contact of a bulk change: the contact
 * must be visible, the change is normalised, a change of owner follows the assignment rules, emails and phones it
 * adds are claimed (409 with the candidates unless allowDuplicate), and the write is conditional on the version the
 * caller read.
 */
@Component
public class ContactEditing {

    private final AggregateStore store;
    private final VisibleContacts contacts;
    private final ContactNormalizer normalizer;
    private final DuplicateDetector duplicates;
    private final RecordAccess access;
    private final Clock clock;

    ContactEditing(AggregateStore store, VisibleContacts contacts, ContactNormalizer normalizer, DuplicateDetector duplicates,
                   RecordAccess access, Clock clock) {
        this.store = store;
        this.contacts = contacts;
        this.normalizer = normalizer;
        this.duplicates = duplicates;
        this.access = access;
        this.clock = clock;
    }

    /**
     * @param change the details after the change, from the details before it (not yet normalised)
     * @return the contact as stored: its version is unchanged when the change changed nothing
     */
    public Contact update(String id, long expectedVersion, boolean allowDuplicate, UnaryOperator<ContactDetails> change) {
        Contact contact = contacts.get(id);
        ContactDetails before = contact.details();
        ContactDetails changed = normalizer.normalize(change.apply(before), before);
        access.requireOwnerChange(contact.getOwnerId(), changed.ownerId(), "ownerId");
        contact.requireVersion(expectedVersion); // a stale request claims nothing
        try (KeyReservation keys = duplicates.reserveContact(id, changed, before, access.scope(), allowDuplicate)) {
            contact.update(changed, expectedVersion, clock.instant());
            store.save(contact);
            keys.commit();
        }
        return contact;
    }
}

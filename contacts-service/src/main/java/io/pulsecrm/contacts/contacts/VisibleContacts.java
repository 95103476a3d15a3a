package io.pulsecrm.contacts.contacts;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.AggregateStore;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The contact a request names, if it is live and the caller may see it. Otherwise a 404, exactly as if it had never
 * existed, except for a contact merged into another one when the caller may see both: its 404 names the survivor
 * ({@link MergedContactException}), following later merges of the survivor to the contact that lives on.
 */
@Component
public class VisibleContacts {

    /** Survivors merged again and again: a chain longer than this is not followed. */
    private static final int MAX_HOPS = 10;

    private final AggregateStore store;
    private final MongoTemplate mongo;
    private final RecordAccess access;

    VisibleContacts(AggregateStore store, MongoTemplate mongo, RecordAccess access) {
        this.store = store;
        this.mongo = mongo;
        this.access = access;
    }

    /** @throws AggregateNotFoundException (a {@link MergedContactException} for a merged-away contact) */
    public Contact get(String id) {
        Contact contact = store.find(Contact.class, id).orElseThrow(() -> gone(id));
        access.requireVisible(contact.getOwnerId(), "contact", id);
        return contact;
    }

    private AggregateNotFoundException gone(String id) {
        Contact merged = mongo.findById(id, Contact.class);
        if (merged == null || merged.getMergedInto() == null || !access.scope().includes(merged.getOwnerId())) {
            return new AggregateNotFoundException("contact", id);
        }
        Contact survivor = merged;
        for (int hop = 0; hop < MAX_HOPS && survivor != null && survivor.getMergedInto() != null; hop++) {
            survivor = mongo.findById(survivor.getMergedInto(), Contact.class);
        }
        if (survivor == null || survivor.isDeleted() || !access.scope().includes(survivor.getOwnerId())) {
            return new AggregateNotFoundException("contact", id);
        }
        return new MergedContactException(id, survivor.getId());
    }
}

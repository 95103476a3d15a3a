package io.pulsecrm.contacts.privacy;

import java.time.Clock;
import java.util.List;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.duplicates.DuplicateDetector;
import io.pulsecrm.contacts.timeline.TimelineEntry;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.files.FileOwner;
import io.pulsecrm.platform.files.FileStore;
import io.pulsecrm.platform.history.RecordHistory;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/contacts/{id}/erase}: GDPR right to erasure. Works on live, deleted and merged contacts
 * (their documents still hold personal data), is repeatable (a second call changes nothing and answers 204 too),
 * removes the timeline entries that are only about this contact and the files attached to it, and publishes pulse.contact.erased.v1. The
 * contact's change history is forgotten with it (earlier lines deleted, the erasure's own line keeps no values), and
 * so is the history of the timeline entries removed. Admins only ({@code pulse.security.admin-only}).
 */
@RestController
class ErasureController {

    private static final int ATTEMPTS = 5;

    private final AggregateStore store;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final RecordHistory history;
    private final DuplicateDetector duplicates;
    private final FileStore files;

    ErasureController(AggregateStore store, MongoTemplate mongo, Clock clock, RecordHistory history,
                      DuplicateDetector duplicates, FileStore files) {
        this.duplicates = duplicates;
        this.files = files;
        this.history = history;
        this.store = store;
        this.mongo = mongo;
        this.clock = clock;
    }

    @PostMapping("/api/contacts/{id}/erase")
    ResponseEntity<Void> erase(@PathVariable String id) {
        for (int attempt = 1; ; attempt++) {
            Contact contact = mongo.findById(id, Contact.class);
            if (contact == null) {
                throw new AggregateNotFoundException("contact", id);
            }
            ContactDetails held = contact.details();
            try {
                if (contact.erase(clock.instant())) {
                    store.save(contact);
                    // its emails and phones are free again (only their hashes were in the claims)
                    duplicates.releaseContact(id, held);
                }
                break;
            } catch (VersionConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw e; // someone keeps editing it: the client retries
                }
            }
        }
        // files attached to the contact are about the person: gone before the erasure answers
        files.deleteAll(new FileOwner("contact", id));
        // activities logged only on this contact are personal data too; shared ones (deals) just lose the link
        Query onlyThisContact = Query.query(new Criteria().andOperator(Criteria.where("contactIds").is(id),
                Criteria.where("contactIds").size(1)));
        onlyThisContact.fields().include("_id");
        List<String> entryIds = mongo.find(onlyThisContact, org.bson.Document.class, TimelineEntry.COLLECTION).stream()
                .map(entry -> entry.getString("_id")).toList();
        if (!entryIds.isEmpty()) {
            mongo.remove(Query.query(Criteria.where("_id").in(entryIds)), TimelineEntry.class);
            // their history lines (subject, body...) go too
            entryIds.forEach(entryId -> history.forget(TimelineEntry.class, entryId));
        }
        mongo.updateMulti(Query.query(Criteria.where("contactIds").is(id)),
                new org.springframework.data.mongodb.core.query.Update().pull("contactIds", id), TimelineEntry.class);
        return ResponseEntity.noContent().build();
    }
}

package io.pulsecrm.contacts.privacy;

import java.time.Clock;

import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.timeline.TimelineEntry;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.AggregateStore;
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
 * removes the timeline entries that are only about this contact, and publishes pulse.contact.erased.v1.
 */
@RestController
class ErasureController {

    private static final int ATTEMPTS = 5;

    private final AggregateStore store;
    private final MongoTemplate mongo;
    private final Clock clock;

    ErasureController(AggregateStore store, MongoTemplate mongo, Clock clock) {
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
            try {
                if (contact.erase(clock.instant())) {
                    store.save(contact);
                }
                break;
            } catch (VersionConflictException e) {
                if (attempt == ATTEMPTS) {
                    throw e; // someone keeps editing it: the client retries
                }
            }
        }
        // activities logged only on this contact are personal data too; shared ones (deals) just lose the link
        mongo.remove(Query.query(new Criteria().andOperator(Criteria.where("contactIds").is(id), Criteria.where("contactIds").size(1))), TimelineEntry.class);
        mongo.updateMulti(Query.query(Criteria.where("contactIds").is(id)),
                new org.springframework.data.mongodb.core.query.Update().pull("contactIds", id), TimelineEntry.class);
        return ResponseEntity.noContent().build();
    }
}

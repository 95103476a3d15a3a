package io.pulsecrm.deals.contacts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.consumer.ReadModelUpserts;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the contact names shown on deals, from contacts-service's events. Version-checked upserts make
 * redelivery and out-of-order delivery harmless; a delete leaves a tombstone at its version, so a late
 * "updated" cannot bring the contact back. Unknown event types on the topic are ignored.
 * <p>
 * A merge repoints every deal referencing a merged contact to the survivor, through the {@link Deal} aggregate
 * (so each changed deal announces {@code pulse.deal.updated.v1}); it is naturally idempotent, since a redelivery
 * finds no deal left to repoint. Merged and erased contacts' rows are written at versions above any real one
 * ({@link #MERGED_VERSION}, {@link #ERASED_VERSION}) so no late event can overwrite them; erasure wins over merge.
 */
@Component
class ContactEventsListener {

    static final String TOPIC = "pulse.contacts.contact.v1";

    /** Merged contacts are gone for good: no later event of theirs may revive the row. */
    static final long MERGED_VERSION = Long.MAX_VALUE - 1;
    /** Erasure is final and wins over everything, a merge included. */
    static final long ERASED_VERSION = Long.MAX_VALUE;
    private static final int MAX_ATTEMPTS = 5;

    private final ReadModelUpserts upserts;
    private final MongoTemplate mongo;
    private final AggregateStore store;
    private final Clock clock;

    ContactEventsListener(ReadModelUpserts upserts, MongoTemplate mongo, AggregateStore store, Clock clock) {
        this.upserts = upserts;
        this.mongo = mongo;
        this.store = store;
        this.clock = clock;
    }

    /** Our own view of the contact payload: only what deals need; other fields are ignored. */
    record ContactView(String id, String firstName, String lastName, String email) {
    }

    record ContactChanged(ContactView contact) {
    }

    record ContactsMerged(String survivorId, List<String> mergedIds, ContactView contact) {
    }

    record ContactErased(String contactId) {
    }

    @KafkaListener(topics = TOPIC, groupId = "${spring.application.name}-contacts")
    void on(ConsumerRecord<String, String> record) {
        EventEnvelope event = EventJson.read(record.value());
        switch (event.type()) {
            case "pulse.contact.created.v1", "pulse.contact.updated.v1" -> {
                ContactView contact = event.dataAs(ContactChanged.class).contact();
                if (contact == null || contact.id() == null) {
                    throw new io.pulsecrm.platform.events.MalformedEventException("contact event without data.contact.id");
                }
                upsertName(contact, event.aggregateVersion());
            }
            case "pulse.contact.deleted.v1" -> upserts.upsertIfNewer(ContactNames.COLLECTION, event.subject(),
                    event.aggregateVersion(), new Document("deleted", true));
            case "pulse.contact.merged.v1" -> onMerged(event.dataAs(ContactsMerged.class), event.aggregateVersion());
            case "pulse.contact.erased.v1" -> {
                ContactErased erased = event.dataAs(ContactErased.class);
                String id = erased.contactId() != null ? erased.contactId() : event.subject();
                if (id == null) {
                    throw new io.pulsecrm.platform.events.MalformedEventException("erased event without data.contactId");
                }
                // replaces the whole row: names and emails are gone, only the id and the marker remain
                upserts.upsertIfNewer(ContactNames.COLLECTION, id, ERASED_VERSION, new Document("erased", true));
            }
            default -> {
                // unknown contact events: read tolerantly
            }
        }
    }

    private void upsertName(ContactView contact, long version) {
        upserts.upsertIfNewer(ContactNames.COLLECTION, contact.id(), version, new Document()
                .append("firstName", contact.firstName())
                .append("lastName", contact.lastName())
                .append("email", contact.email())
                .append("deleted", false));
    }

    private void onMerged(ContactsMerged merged, long version) {
        if (merged.survivorId() == null || merged.mergedIds() == null || merged.mergedIds().isEmpty()) {
            throw new io.pulsecrm.platform.events.MalformedEventException("merged event without survivorId/mergedIds");
        }
        String survivor = merged.survivorId();
        if (merged.contact() != null && survivor.equals(merged.contact().id())) {
            upsertName(merged.contact(), version);
        }
        for (String mergedId : merged.mergedIds()) {
            if (mergedId == null || mergedId.equals(survivor)) {
                continue;
            }
            repointDeals(mergedId, survivor);
            // after the deals, so a failure above retries the whole event; the row keeps no personal data
            upserts.upsertIfNewer(ContactNames.COLLECTION, mergedId, MERGED_VERSION,
                    new Document("deleted", true).append("mergedInto", survivor));
        }
    }

    private void repointDeals(String from, String to) {
        Query referencing = Query.query(Criteria.where("contacts.contactId").is(from).and("deletedAt").isNull());
        for (Deal found : mongo.find(referencing, Deal.class)) {
            Deal deal = found;
            for (int attempt = 1; deal != null; attempt++) {
                Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                Pipeline pipeline = mongo.findById(deal.pipelineId(), Pipeline.class);
                if (!deal.repointContact(from, to, pipeline, now)) {
                    break;
                }
                try {
                    store.save(deal);
                    break;
                } catch (VersionConflictException e) {
                    if (attempt >= MAX_ATTEMPTS) {
                        throw e; // the listener's retry/DLT handling takes over; the repoint is idempotent
                    }
                    deal = store.find(Deal.class, deal.getId()).orElse(null);
                }
            }
        }
    }
}

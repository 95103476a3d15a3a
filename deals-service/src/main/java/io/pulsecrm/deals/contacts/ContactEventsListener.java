package io.pulsecrm.deals.contacts;

import io.pulsecrm.platform.consumer.ReadModelUpserts;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the contact names shown on deals, from contacts-service's events. Version-checked upserts make
 * redelivery and out-of-order delivery harmless; a delete leaves a tombstone at its version, so a late
 * "updated" cannot bring the contact back. Unknown event types on the topic are ignored.
 */
@Component
class ContactEventsListener {

    static final String TOPIC = "pulse.contacts.contact.v1";

    private final ReadModelUpserts upserts;

    ContactEventsListener(ReadModelUpserts upserts) {
        this.upserts = upserts;
    }

    /** Our own view of the contact payload: only what deals need; other fields are ignored. */
    record ContactView(String id, String firstName, String lastName, String email) {
    }

    record ContactChanged(ContactView contact) {
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
                upserts.upsertIfNewer(ContactNames.COLLECTION, contact.id(), event.aggregateVersion(), new Document()
                        .append("firstName", contact.firstName())
                        .append("lastName", contact.lastName())
                        .append("email", contact.email())
                        .append("deleted", false));
            }
            case "pulse.contact.deleted.v1" -> upserts.upsertIfNewer(ContactNames.COLLECTION, event.subject(),
                    event.aggregateVersion(), new Document("deleted", true));
            default -> {
                // other contact events (merge, erasure...) do not exist yet; read tolerantly
            }
        }
    }
}

package io.pulsecrm.deals.contacts;

import io.pulsecrm.platform.consumer.ReadModelUpserts;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the company names shown on deals (cards, lists, the deal page), from contacts-service's company events.
 * Version-checked upserts make redelivery and reordering harmless; a delete leaves a tombstone at its version, so a
 * late "updated" cannot bring the company back. Unknown event types on the topic are ignored.
 */
@Component
class CompanyEventsListener {

    static final String TOPIC = "pulse.contacts.company.v1";

    private final ReadModelUpserts upserts;

    CompanyEventsListener(ReadModelUpserts upserts) {
        this.upserts = upserts;
    }

    /** Our own view of the company payload: only the name; other fields are ignored. */
    record CompanyView(String id, String name) {
    }

    record CompanyChanged(CompanyView company) {
    }

    record CompanyDeleted(String companyId) {
    }

    @KafkaListener(topics = TOPIC, groupId = "${spring.application.name}-companies")
    void on(ConsumerRecord<String, String> record) {
        EventEnvelope event = EventJson.read(record.value());
        switch (event.type()) {
            case "pulse.company.created.v1", "pulse.company.updated.v1" -> {
                CompanyView company = event.dataAs(CompanyChanged.class).company();
                if (company == null || company.id() == null) {
                    throw new MalformedEventException("company event without data.company.id");
                }
                upserts.upsertIfNewer(CompanyNames.COLLECTION, company.id(), event.aggregateVersion(),
                        new Document("name", company.name()).append("deleted", false));
            }
            case "pulse.company.deleted.v1" -> {
                String id = event.dataAs(CompanyDeleted.class).companyId();
                id = id != null ? id : event.subject();
                if (id == null) {
                    throw new MalformedEventException("company deleted event without data.companyId");
                }
                upserts.upsertIfNewer(CompanyNames.COLLECTION, id, event.aggregateVersion(), new Document("deleted", true));
            }
            default -> {
                // unknown company events: read tolerantly
            }
        }
    }
}

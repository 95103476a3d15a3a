package io.pulsecrm.contacts.files;

import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.files.FileOwner;
import io.pulsecrm.platform.files.FileStore;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A deleted contact or company takes its files with it; a contact merged into another hands them to the survivor.
 * Driven by the records' own events, so a delete answers at once and a crash only delays the cleanup (both steps
 * can be repeated: a redelivered event changes nothing). Erasure removes the files before it answers
 * ({@code privacy}), and again here.
 */
@Component
class RecordFilesCleanup {

    private final FileStore files;

    RecordFilesCleanup(FileStore files) {
        this.files = files;
    }

    @KafkaListener(topics = Contact.TOPIC, id = "contacts-files-contacts", groupId = "${spring.application.name}-files")
    void onContactEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        FileOwner contact = new FileOwner(ContactFilesController.RECORD_TYPE, event.subject());
        switch (event.type()) {
            case "pulse.contact.deleted.v1" -> {
                JsonNode survivor = event.data().path("mergedInto");
                if (survivor.isString() && !survivor.asString().isBlank()) {
                    files.reassign(contact, new FileOwner(ContactFilesController.RECORD_TYPE, survivor.asString()));
                } else {
                    files.deleteAll(contact);
                }
            }
            case "pulse.contact.erased.v1" -> files.deleteAll(contact);
            default -> {
                // other contact events leave the files as they are
            }
        }
    }

    @KafkaListener(topics = Company.TOPIC, id = "contacts-files-companies", groupId = "${spring.application.name}-files")
    void onCompanyEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        if ("pulse.company.deleted.v1".equals(event.type())) {
            files.deleteAll(new FileOwner(CompanyFilesController.RECORD_TYPE, event.subject()));
        }
    }
}

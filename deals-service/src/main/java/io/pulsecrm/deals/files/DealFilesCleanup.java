package io.pulsecrm.deals.files;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.files.FileStore;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A deleted deal takes its files with it. Driven by the deal's own event, so the delete answers at once and a crash
 * only delays the cleanup; a redelivered event finds nothing left to remove.
 */
@Component
class DealFilesCleanup {

    private final FileStore files;

    DealFilesCleanup(FileStore files) {
        this.files = files;
    }

    @KafkaListener(topics = Deal.TOPIC, id = "deals-files", groupId = "${spring.application.name}-files")
    void onDealEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        if ("pulse.deal.deleted.v1".equals(event.type())) {
            files.deleteAll(DealFiles.owner(event.subject()));
        }
    }
}

package io.pulsecrm.automation.triggers;

import java.util.List;

import io.pulsecrm.automation.rules.Rule;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads the domain topics of contacts, companies, activities, deals and tasks (consumer group
 * {@code automation-service}: replicas share partitions). An event no rule listens to, and that no automation
 * caused, costs one query and no write; otherwise it is handled once per event id ({@link IdempotentConsumer}).
 * Failures (a record's service unreachable while conditions need it) are retried by the platform's error
 * handler and then dead-lettered.
 */
@Component
class TriggerListener {

    static final String CONSUMER = "automation-triggers";

    private final TriggerHandler handler;
    private final ChainGuard chain;
    private final IdempotentConsumer consumer;
    private final EventCatalog catalog;

    TriggerListener(TriggerHandler handler, ChainGuard chain, IdempotentConsumer consumer, EventCatalog catalog) {
        this.handler = handler;
        this.chain = chain;
        this.consumer = consumer;
        this.catalog = catalog;
    }

    @KafkaListener(id = CONSUMER, idIsGroup = false, topics = {"pulse.contacts.contact.v1", "pulse.contacts.company.v1",
            "pulse.contacts.activity.v1", "pulse.deals.deal.v1", "pulse.tasks.task.v1"})
    void onEvent(String record) {
        EventEnvelope envelope = EventJson.read(record);
        if (!catalog.supports(envelope.type())) {
            return;
        }
        TriggerEvent event = TriggerEvent.of(envelope);
        int level = chain.levelOf(event);
        List<Rule> candidates = handler.candidates(event);
        if (candidates.isEmpty() && level == 0) {
            return;
        }
        consumer.handleOnce(CONSUMER, envelope, () -> handler.handle(event, candidates, level));
    }
}

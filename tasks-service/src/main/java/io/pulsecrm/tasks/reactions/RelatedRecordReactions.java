package io.pulsecrm.tasks.reactions;

import java.time.Clock;

import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.tasks.tasks.Task;
import io.pulsecrm.tasks.tasks.TaskQueries;
import io.pulsecrm.tasks.tasks.TaskStatus;
import io.pulsecrm.tasks.tasks.TasksProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps tasks consistent with the records they are about, from those records' events: a deleted contact's open
 * tasks are cancelled; a won or lost deal's open tasks are closed (cancelled) unless
 * {@code pulse.tasks.close-open-tasks-on-deal-closed} is false. Each event has its effect once
 * ({@link IdempotentConsumer}); the effect itself is repeatable, as it only touches tasks still open.
 */
@Component
class RelatedRecordReactions {

    private static final Logger log = LoggerFactory.getLogger(RelatedRecordReactions.class);
    static final String CONTACTS_TOPIC = "pulse.contacts.contact.v1";
    static final String DEALS_TOPIC = "pulse.deals.deal.v1";
    static final String CONTACT_DELETED = "pulse.contact.deleted.v1";
    static final String DEAL_WON = "pulse.deal.won.v1";
    static final String DEAL_LOST = "pulse.deal.lost.v1";
    private static final int ATTEMPTS = 5;

    private final AggregateStore store;
    private final TaskQueries queries;
    private final IdempotentConsumer consumer;
    private final TasksProperties properties;
    private final Clock clock;

    RelatedRecordReactions(AggregateStore store, TaskQueries queries, IdempotentConsumer consumer,
                           TasksProperties properties, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.consumer = consumer;
        this.properties = properties;
        this.clock = clock;
    }

    /** The part of pulse.contact.deleted.v1 this needs. */
    record ContactDeleted(String contactId) {
    }

    @KafkaListener(topics = CONTACTS_TOPIC, id = "tasks-contact-reactions", idIsGroup = false)
    void onContactEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        if (!CONTACT_DELETED.equals(event.type())) {
            return;
        }
        String contactId = event.dataAs(ContactDeleted.class).contactId();
        String target = contactId != null ? contactId : event.subject();
        consumer.handleOnce("tasks-contact-deleted", event, () -> cancelOpenTasks("contactId", target, "contact_deleted"));
    }

    /** deals-service is being built: only the type and the subject (the deal id) are relied on. */
    @KafkaListener(topics = DEALS_TOPIC, id = "tasks-deal-reactions", idIsGroup = false)
    void onDealEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        boolean won = DEAL_WON.equals(event.type());
        if (!(won || DEAL_LOST.equals(event.type())) || !properties.closeOpenTasksOnDealClosed()) {
            return;
        }
        consumer.handleOnce("tasks-deal-closed", event,
                () -> cancelOpenTasks("dealId", event.subject(), won ? "deal_won" : "deal_lost"));
    }

    private void cancelOpenTasks(String relation, String recordId, String reason) {
        for (String id : queries.openTaskIds(relation, recordId)) {
            for (int attempt = 1; ; attempt++) {
                try {
                    Task task = store.find(Task.class, id).orElse(null);
                    if (task == null || task.getStatus() != TaskStatus.OPEN) {
                        break;
                    }
                    task.cancel(reason, clock.instant());
                    store.save(task);
                    break;
                } catch (VersionConflictException e) {
                    // changed by someone meanwhile: look again at its current state
                    if (attempt == ATTEMPTS) {
                        throw e; // the listener retries the event; tasks already cancelled are skipped then
                    }
                    log.debug("Task {} changed while cancelling ({}), retrying", id, reason);
                }
            }
        }
    }
}

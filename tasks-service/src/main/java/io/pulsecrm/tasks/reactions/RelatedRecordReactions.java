package io.pulsecrm.tasks.reactions;

import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.context.EventContext;
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
 * tasks are cancelled; a merged contact's tasks point at the survivor; an erased contact's tasks lose their free
 * text (GDPR); a deleted deal's open tasks are cancelled; a won or lost deal's open tasks are closed (cancelled)
 * unless {@code pulse.tasks.close-open-tasks-on-deal-closed} is false. Each event has its effect once
 * ({@link IdempotentConsumer}); the effect itself is repeatable, as it only touches tasks not yet changed.
 */
@Component
class RelatedRecordReactions {

    private static final Logger log = LoggerFactory.getLogger(RelatedRecordReactions.class);
    static final String CONTACTS_TOPIC = "pulse.contacts.contact.v1";
    static final String DEALS_TOPIC = "pulse.deals.deal.v1";
    static final String CONTACT_DELETED = "pulse.contact.deleted.v1";
    static final String DEAL_WON = "pulse.deal.won.v1";
    static final String DEAL_LOST = "pulse.deal.lost.v1";
    static final String CONTACT_MERGED = "pulse.contact.merged.v1";
    static final String CONTACT_ERASED = "pulse.contact.erased.v1";
    static final String DEAL_DELETED = "pulse.deal.deleted.v1";
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

    /** The part of pulse.contact.merged.v1 this needs. */
    record ContactMerged(String survivorId, List<String> mergedIds) {
    }

    /** The part of pulse.contact.erased.v1 this needs. */
    record ContactErased(String contactId) {
    }

    @KafkaListener(topics = CONTACTS_TOPIC, id = "tasks-contact-reactions", idIsGroup = false)
    void onContactEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        switch (event.type() == null ? "" : event.type()) {
            case CONTACT_DELETED -> {
                String contactId = event.dataAs(ContactDeleted.class).contactId();
                String target = contactId != null ? contactId : event.subject();
                once("tasks-contact-deleted", event, () -> cancelOpenTasks("contactId", target, "contact_deleted"));
            }
            case CONTACT_MERGED -> {
                ContactMerged merged = event.dataAs(ContactMerged.class);
                String survivor = merged.survivorId() != null ? merged.survivorId() : event.subject();
                List<String> mergedIds = merged.mergedIds() == null ? List.of() : merged.mergedIds();
                once("tasks-contact-merged", event, () -> repointTasks(mergedIds, survivor));
            }
            case CONTACT_ERASED -> {
                String contactId = event.dataAs(ContactErased.class).contactId();
                String target = contactId != null ? contactId : event.subject();
                once("tasks-contact-erased", event, () -> eraseContactData(target));
            }
            default -> {
                // not relevant to tasks
            }
        }
    }

    /** deals-service is being built: only the type and the subject (the deal id) are relied on. */
    @KafkaListener(topics = DEALS_TOPIC, id = "tasks-deal-reactions", idIsGroup = false)
    void onDealEvent(String record) {
        EventEnvelope event = EventJson.read(record);
        if (DEAL_DELETED.equals(event.type())) {
            once("tasks-deal-deleted", event, () -> cancelOpenTasks("dealId", event.subject(), "deal_deleted"));
            return;
        }
        boolean won = DEAL_WON.equals(event.type());
        if (!(won || DEAL_LOST.equals(event.type())) || !properties.closeOpenTasksOnDealClosed()) {
            return;
        }
        once("tasks-deal-closed", event, () -> cancelOpenTasks("dealId", event.subject(), won ? "deal_won" : "deal_lost"));
    }

    /**
     * Runs the effect once per event, as the system: no caller's visibility applies (every task is reached),
     * and the events it causes name {@code system:<consumer>} as their actor.
     */
    private void once(String name, EventEnvelope event, Runnable effect) {
        consumer.handleOnce(name, event, () -> EventContext.asSystem(name, effect));
    }

    private void cancelOpenTasks(String relation, String recordId, String reason) {
        for (String id : queries.openTaskIds(relation, recordId)) {
            changeTask(id, reason, task -> {
                if (task.getStatus() != TaskStatus.OPEN) {
                    return false;
                }
                task.cancel(reason, clock.instant());
                return true;
            });
        }
    }

    private void repointTasks(List<String> mergedIds, String survivorId) {
        if (survivorId == null) {
            return;
        }
        for (String mergedId : mergedIds) {
            if (mergedId == null || mergedId.equals(survivorId)) {
                continue;
            }
            for (String id : queries.taskIds("contactId", mergedId)) {
                changeTask(id, "contact merge", task -> task.repointContact(mergedId, survivorId, clock.instant()));
            }
        }
    }

    private void eraseContactData(String contactId) {
        if (contactId == null) {
            return;
        }
        for (String id : queries.taskIds("contactId", contactId)) {
            changeTask(id, "contact erasure", task -> task.eraseContactData(clock.instant()));
        }
    }

    /**
     * Loads the task, applies the change on its current state and saves it; looks again if someone changed it
     * meanwhile. A change returning false (nothing left to do) saves nothing.
     */
    private void changeTask(String id, String what, Predicate<Task> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                Task task = store.find(Task.class, id).orElse(null);
                if (task == null || !change.test(task)) {
                    return;
                }
                store.save(task);
                return;
            } catch (VersionConflictException e) {
                // changed by someone meanwhile: look again at its current state
                if (attempt == ATTEMPTS) {
                    throw e; // the listener retries the event; tasks already changed are skipped then
                }
                log.debug("Task {} changed during {}, retrying", id, what);
            }
        }
    }
}

package io.pulsecrm.tasks.recurrence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.tasks.tasks.FollowUp;
import io.pulsecrm.tasks.tasks.Task;
import io.pulsecrm.tasks.tasks.TaskDetails;
import io.pulsecrm.tasks.tasks.TaskEvents.TaskSnapshot;
import io.pulsecrm.tasks.tasks.TaskPriority;
import io.pulsecrm.tasks.tasks.TaskType;
import io.pulsecrm.tasks.tasks.TasksProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Creates what a completion asked for: the task's follow-up and, for a recurring task, the series' next
 * occurrence. Driven by this service's own {@code pulse.task.completed.v1} events, so a crash right after the
 * completion was stored cannot lose them; the ids were fixed by the completion, so a redelivery finds the task
 * already there and creates nothing.
 */
@Component
class NextTasks {

    private static final Logger log = LoggerFactory.getLogger(NextTasks.class);
    static final String CONSUMER = "tasks-next-tasks";

    private final AggregateStore store;
    private final IdempotentConsumer consumer;
    private final TasksProperties properties;

    NextTasks(AggregateStore store, IdempotentConsumer consumer, TasksProperties properties) {
        this.store = store;
        this.consumer = consumer;
        this.properties = properties;
    }

    /** The parts of pulse.task.completed.v1 this needs (tolerant reader). */
    record Completed(TaskSnapshot task, Instant completedAt, String followUpTaskId, String nextOccurrenceTaskId,
                     Instant nextOccurrenceDueAt) {
    }

    @KafkaListener(topics = Task.TOPIC, id = CONSUMER, idIsGroup = false)
    void on(String record) {
        EventEnvelope event = EventJson.read(record);
        if (!event.type().equals("pulse.task.completed.v1")) {
            return;
        }
        // as the system: the follow-up and the next occurrence name system:tasks-next-tasks as their actor
        consumer.handleOnce(CONSUMER, event, () -> EventContext.asSystem(CONSUMER, () -> create(event.dataAs(Completed.class))));
    }

    private void create(Completed completed) {
        TaskSnapshot task = completed.task();
        if (completed.followUpTaskId() != null && task.followUp() != null) {
            FollowUp spec = task.followUp();
            Instant due = spec.dueIn() == null ? null : completed.completedAt().plus(Duration.parse(spec.dueIn()));
            TaskDetails details = new TaskDetails(TaskType.parse(spec.type()), spec.title(), null, due,
                    due == null ? null : zone(task), null, TaskPriority.NORMAL, task.contactId(), task.companyId(),
                    task.dealId(), task.managerId(), List.of(), List.of(), null, null);
            String assignee = spec.assigneeId() != null ? spec.assigneeId() : task.assigneeId();
            insert(Task.create(completed.followUpTaskId(), details, assignee, task.assigneeId(), completed.completedAt()));
        }
        if (completed.nextOccurrenceTaskId() != null && completed.nextOccurrenceDueAt() != null) {
            TaskDetails details = new TaskDetails(TaskType.parse(task.type()), task.title(), task.description(),
                    completed.nextOccurrenceDueAt(), zone(task), task.durationMinutes(), TaskPriority.parse(task.priority()),
                    task.contactId(), task.companyId(), task.dealId(), task.managerId(), task.reminders(),
                    task.requiredFields(), task.recurrence(), task.followUp());
            Instant seriesStart = store.find(Task.class, task.id()).map(Task::getSeriesStart).orElse(task.dueAt());
            var origin = new Task.Origin(task.seriesId(), seriesStart, task.occurrence() + 1);
            insert(Task.create(completed.nextOccurrenceTaskId(), details, task.assigneeId(), task.creatorId(), origin,
                    completed.completedAt()));
        }
    }

    private String zone(TaskSnapshot task) {
        return task.timeZone() != null ? task.timeZone() : properties.defaultTimeZone();
    }

    private void insert(Task task) {
        try {
            store.save(task);
        } catch (DuplicateKeyException e) {
            log.debug("Task {} already created by an earlier delivery", task.getId());
        }
    }
}

package io.pulsecrm.tasks.tasks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.DomainEventType;

/** The task events this service publishes on {@value Task#TOPIC}; schemas in platform/pulse-events. */
public final class TaskEvents {

    private TaskEvents() {
    }

    /** Task state carried by every task event, so consumers never need to call back. */
    public record TaskSnapshot(String id, String type, String title, String description, String status,
                               String priority, Instant dueAt, String timeZone, Integer durationMinutes,
                               String assigneeId, String creatorId, String managerId, String contactId,
                               String companyId, String dealId, List<String> reminders, List<String> requiredFields,
                               String recurrence, String seriesId, int occurrence, FollowUp followUp,
                               String outcome, Map<String, String> completionFields, Instant completedAt,
                               Instant cancelledAt, String cancelReason, Instant createdAt, Instant updatedAt) {
    }

    /** A field's value before and after a change. */
    public record Change(Object from, Object to) {
    }

    @DomainEventType("pulse.task.created.v1")
    public record TaskCreated(TaskSnapshot task) implements DomainEvent {
    }

    @DomainEventType("pulse.task.updated.v1")
    public record TaskUpdated(TaskSnapshot task, Map<String, Change> changes) implements DomainEvent {
    }

    @DomainEventType("pulse.task.assigned.v1")
    public record TaskAssigned(TaskSnapshot task, String previousAssigneeId, String assigneeId) implements DomainEvent {
    }

    /**
     * Carries the related records at top level so contacts' timeline (and deals') can show it without the
     * task model; the follow-up and next occurrence ids are the tasks this completion creates.
     */
    @DomainEventType("pulse.task.completed.v1")
    public record TaskCompleted(TaskSnapshot task, String contactId, String companyId, String dealId, String outcome,
                                Instant completedAt, String followUpTaskId, String nextOccurrenceTaskId,
                                Instant nextOccurrenceDueAt) implements DomainEvent {
    }

    @DomainEventType("pulse.task.reopened.v1")
    public record TaskReopened(TaskSnapshot task, String previousStatus) implements DomainEvent {
    }

    @DomainEventType("pulse.task.cancelled.v1")
    public record TaskCancelled(TaskSnapshot task, String reason) implements DomainEvent {
    }

    @DomainEventType("pulse.task.reminder_due.v1")
    public record TaskReminderDue(String taskId, String assigneeId, String offset, Instant remindAt, Instant dueAt,
                                  Instant firedAt, TaskSnapshot task) implements DomainEvent {
    }

    @DomainEventType("pulse.task.overdue.v1")
    public record TaskOverdue(String taskId, String assigneeId, String managerId, Instant dueAt, Instant detectedAt,
                              TaskSnapshot task) implements DomainEvent {
    }
}

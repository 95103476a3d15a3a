package io.pulsecrm.tasks.tasks;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A task as the API shows it; {@code version} is also the ETag to send back in If-Match. {@code dueAt} is the
 * instant, {@code dueLocal} the same time in the task's {@code timeZone}.
 */
public record TaskResponse(String id, String type, String title, String description, String status, String priority,
                           Instant dueAt, String dueLocal, String timeZone, Integer durationMinutes, boolean overdue,
                           String assigneeId, String creatorId, String managerId, String contactId, String companyId,
                           String dealId, List<String> reminders, Instant nextReminderAt, List<String> requiredFields,
                           String recurrence, String seriesId, int occurrence, FollowUp followUp, String outcome,
                           Map<String, String> completionFields, Instant completedAt, Instant cancelledAt,
                           String cancelReason, long version, Instant createdAt, Instant updatedAt) {

    public static TaskResponse of(Task task, Instant now) {
        TaskEvents.TaskSnapshot s = task.snapshot();
        String dueLocal = s.dueAt() == null ? null : s.dueAt().atZone(ZoneId.of(s.timeZone())).toLocalDateTime().toString();
        boolean overdue = task.getStatus() == TaskStatus.OPEN && s.dueAt() != null && s.dueAt().isBefore(now);
        Instant nextReminder = task.getStatus() != TaskStatus.OPEN ? null : task.getReminders().stream()
                .filter(Reminder::pending).map(Reminder::fireAt).min(Instant::compareTo).orElse(null);
        return new TaskResponse(s.id(), s.type(), s.title(), s.description(), s.status(), s.priority(), s.dueAt(),
                dueLocal, s.timeZone(), s.durationMinutes(), overdue, s.assigneeId(), s.creatorId(), s.managerId(),
                s.contactId(), s.companyId(), s.dealId(), s.reminders(), nextReminder, s.requiredFields(),
                s.recurrence(), s.seriesId(), s.occurrence(), s.followUp(), s.outcome(), s.completionFields(),
                s.completedAt(), s.cancelledAt(), s.cancelReason(), task.getVersion(), s.createdAt(), s.updatedAt());
    }
}

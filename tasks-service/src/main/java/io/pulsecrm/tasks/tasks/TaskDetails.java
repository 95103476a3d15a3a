package io.pulsecrm.tasks.tasks;

import java.time.Instant;
import java.util.List;

/**
 * The editable fields of a task, already validated and normalised by {@link TaskValidator}.
 *
 * @param dueAt      the due instant; {@code timeZone} says in which zone it was meant (agenda days, recurrence)
 * @param reminders  normalised ISO-8601 offsets before the due time
 * @param recurrence an RFC 5545 RRULE (without the {@code RRULE:} prefix), or null
 */
public record TaskDetails(TaskType type, String title, String description, Instant dueAt, String timeZone,
                          Integer durationMinutes, TaskPriority priority, String contactId, String companyId,
                          String dealId, String managerId, List<String> reminders, List<String> requiredFields,
                          String recurrence, FollowUp followUp) {

    public TaskDetails {
        reminders = reminders == null ? List.of() : List.copyOf(reminders);
        requiredFields = requiredFields == null ? List.of() : List.copyOf(requiredFields);
    }
}

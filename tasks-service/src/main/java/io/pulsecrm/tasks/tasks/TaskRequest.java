package io.pulsecrm.tasks.tasks;

import java.util.List;

/** Body of {@code POST /api/tasks}. Unknown fields are refused by the platform's JSON settings. */
record TaskRequest(String type, String title, String description, String dueAt, String timeZone,
                   Integer durationMinutes, String priority, String assigneeId, String creatorId, String contactId,
                   String companyId, String dealId, String managerId, List<String> reminders,
                   List<String> requiredFields, String recurrence, FollowUp followUp) {

    TaskInput toInput() {
        return new TaskInput(type, title, description, dueAt, timeZone, durationMinutes, priority, contactId,
                companyId, dealId, managerId, reminders, requiredFields, recurrence, followUp);
    }
}

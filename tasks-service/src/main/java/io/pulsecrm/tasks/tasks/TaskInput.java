package io.pulsecrm.tasks.tasks;

import java.util.List;

/**
 * The editable fields of a task as a client sends them, before validation: the create body (with the assignee
 * and creator beside it) and what a merge patch is applied to.
 *
 * @param dueAt    ISO-8601 date-time, either local ({@code 2026-11-23T10:00}, read in {@code timeZone}) or with
 *                 an offset ({@code 2026-11-23T09:00:00Z})
 * @param timeZone IANA zone id such as {@code Europe/Paris}
 * @param reminders ISO-8601 durations before the due time, e.g. {@code ["PT15M", "P1D"]}
 */
public record TaskInput(String type, String title, String description, String dueAt, String timeZone,
                        Integer durationMinutes, String priority, String contactId, String companyId, String dealId,
                        String managerId, List<String> reminders, List<String> requiredFields, String recurrence,
                        FollowUp followUp) {
}

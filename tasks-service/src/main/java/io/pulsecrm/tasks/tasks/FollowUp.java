package io.pulsecrm.tasks.tasks;

/**
 * The next task a task creates when it is completed (e.g. "call back in 2 days").
 *
 * @param type       type of the follow-up
 * @param title      its title
 * @param dueIn      ISO-8601 duration after the completion time at which it is due; null for no due time
 * @param assigneeId its assignee; null keeps the completed task's assignee
 */
public record FollowUp(String type, String title, String dueIn, String assigneeId) {
}

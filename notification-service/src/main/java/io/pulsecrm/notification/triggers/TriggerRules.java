package io.pulsecrm.notification.triggers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.platform.events.EventEnvelope;
import tools.jackson.databind.JsonNode;

/**
 * The default notification rules: which event tells whom what. Pure functions of the event and of the people it
 * concerns ({@link Audience}: managers and teams come from the users directory, not from ids the event carries);
 * payloads are read tolerantly (only the fields named here are used, missing ones are tolerated where a
 * notification still makes sense).
 */
public final class TriggerRules {

    /** Who, besides the people an event names, is told about it. */
    public interface Audience {

        /** The manager of the user's team, unless that is the user; empty for users the directory does not know. */
        Optional<String> managerOf(String userId);

        /**
         * The other members of the owner's team who may see the owner's records (their manager; the reps too where
         * reps see their team's records), so that nobody learns of a record they could not open.
         */
        List<String> teamWatchers(String ownerId);

        /** How to name the user in a notification: their name in the directory, else the id. */
        String displayName(String userId);
    }

    public static final String TASK_CREATED = "pulse.task.created.v1";
    public static final String TASK_ASSIGNED = "pulse.task.assigned.v1";
    public static final String TASK_REMINDER_DUE = "pulse.task.reminder_due.v1";
    public static final String TASK_OVERDUE = "pulse.task.overdue.v1";
    public static final String DEAL_WON = "pulse.deal.won.v1";
    public static final String DEAL_LOST = "pulse.deal.lost.v1";

    private TriggerRules() {
    }

    public static List<NotificationDraft> draftsFor(EventEnvelope event, Audience audience) {
        JsonNode data = event.data();
        return switch (event.type()) {
            case TASK_ASSIGNED -> taskAssigned(event, data);
            case TASK_CREATED -> createdForSomeoneElse(event, data) ? taskAssigned(event, data) : List.of();
            case TASK_REMINDER_DUE -> taskReminder(event, data);
            case TASK_OVERDUE -> taskOverdue(event, data, audience);
            case DEAL_WON, DEAL_LOST -> dealClosed(event, data, DEAL_WON.equals(event.type()), audience);
            default -> List.of();
        };
    }

    /**
     * A task created for someone else by a person or an application (a manager giving a rep a task) tells them as an
     * assignment does; tasks the system creates (follow-ups, next occurrences of a series) do not: their assignee
     * scheduled them.
     */
    private static boolean createdForSomeoneElse(EventEnvelope event, JsonNode data) {
        JsonNode task = data.path("task");
        String assignee = text(task.path("assigneeId"));
        return assignee != null && event.actor() != null && !event.actor().startsWith("system:")
                && !assignee.equals(text(task.path("creatorId")));
    }

    /** To the new assignee, unless they assigned the task to themselves. */
    private static List<NotificationDraft> taskAssigned(EventEnvelope event, JsonNode data) {
        JsonNode task = data.path("task");
        String assignee = firstText(data.path("assigneeId"), task.path("assigneeId"));
        if (assignee == null || assignee.equals(event.actor())) {
            return List.of();
        }
        String title = taskTitle(task);
        Map<String, Object> facts = taskFacts(task);
        if (event.actor() != null) {
            facts.put("assignedBy", event.actor());
        }
        return List.of(new NotificationDraft(assignee, "task_assigned", "Task assigned to you: " + title,
                dueText(text(task.path("dueAt"))), "task", taskId(event, data, task), facts));
    }

    private static List<NotificationDraft> taskReminder(EventEnvelope event, JsonNode data) {
        JsonNode task = data.path("task");
        String assignee = firstText(data.path("assigneeId"), task.path("assigneeId"));
        if (assignee == null) {
            return List.of();
        }
        Map<String, Object> facts = taskFacts(task);
        putIfPresent(facts, "remindAt", text(data.path("remindAt")));
        putIfPresent(facts, "dueAt", firstText(data.path("dueAt"), task.path("dueAt")));
        return List.of(new NotificationDraft(assignee, "task_reminder", "Reminder: " + taskTitle(task),
                dueText(firstText(data.path("dueAt"), task.path("dueAt"))), "task", taskId(event, data, task), facts));
    }

    /**
     * To the assignee, and as a report to the manager of the assignee's team in the directory (if any, and not the
     * assignee). A {@code managerId} in the event is not used: the directory is the authority on who manages whom.
     */
    private static List<NotificationDraft> taskOverdue(EventEnvelope event, JsonNode data, Audience audience) {
        JsonNode task = data.path("task");
        String assignee = firstText(data.path("assigneeId"), task.path("assigneeId"));
        String manager = assignee == null ? null : audience.managerOf(assignee).orElse(null);
        String title = taskTitle(task);
        String due = firstText(data.path("dueAt"), task.path("dueAt"));
        Map<String, Object> facts = taskFacts(task);
        putIfPresent(facts, "dueAt", due);
        putIfPresent(facts, "assigneeId", assignee);
        List<NotificationDraft> drafts = new ArrayList<>();
        String id = taskId(event, data, task);
        if (assignee != null) {
            drafts.add(new NotificationDraft(assignee, "task_overdue", "Overdue: " + title,
                    "Was due " + (due == null ? "earlier" : due), "task", id, facts));
        }
        if (manager != null && !manager.equals(assignee)) {
            drafts.add(new NotificationDraft(manager, "task_overdue_report",
                    "Overdue task of " + audience.displayName(assignee) + ": " + title,
                    "Was due " + (due == null ? "earlier" : due), "task", id, facts));
        }
        return drafts;
    }

    /**
     * To the deal's owner (data.deal.ownerId, or data.ownerId) as {@code deal_won} / {@code deal_lost}, and to the
     * rest of the owner's team who may see the deal ({@link Audience#teamWatchers}) as {@code team_deal_won} /
     * {@code team_deal_lost}.
     */
    private static List<NotificationDraft> dealClosed(EventEnvelope event, JsonNode data, boolean won,
                                                      Audience audience) {
        JsonNode deal = data.path("deal");
        String owner = firstText(deal.path("ownerId"), data.path("ownerId"));
        if (owner == null) {
            return List.of();
        }
        String title = firstText(deal.path("title"), data.path("title"));
        String dealId = Objects.requireNonNullElse(firstText(deal.path("id"), data.path("dealId")), event.subject());
        Map<String, Object> facts = new LinkedHashMap<>();
        JsonNode amount = deal.path("amount");
        if (amount.isNumber()) {
            facts.put("amount", amount.decimalValue().toPlainString());
        }
        putIfPresent(facts, "currency", text(deal.path("currency")));
        putIfPresent(facts, "title", title);
        String reason = text(data.path("reason"));
        putIfPresent(facts, "reason", reason);
        String money = facts.containsKey("amount")
                ? " (" + facts.get("amount") + (facts.containsKey("currency") ? " " + facts.get("currency") : "") + ")" : "";
        String name = title == null ? "a deal" : title;
        List<NotificationDraft> drafts = new ArrayList<>();
        drafts.add(won
                ? new NotificationDraft(owner, "deal_won", "Deal won: " + name + money, "Congratulations!", "deal", dealId, facts)
                : new NotificationDraft(owner, "deal_lost", "Deal lost: " + name + money,
                reason == null ? "The deal was marked lost" : "Reason: " + reason, "deal", dealId, facts));
        List<String> team = audience.teamWatchers(owner);
        if (!team.isEmpty()) {
            Map<String, Object> teamFacts = new LinkedHashMap<>(facts);
            teamFacts.put("ownerId", owner);
            String by = audience.displayName(owner);
            for (String member : team) {
                drafts.add(won
                        ? new NotificationDraft(member, "team_deal_won", "Deal won by " + by + ": " + name + money,
                        "Your team won a deal", "deal", dealId, teamFacts)
                        : new NotificationDraft(member, "team_deal_lost", "Deal lost by " + by + ": " + name + money,
                        reason == null ? "The deal was marked lost" : "Reason: " + reason, "deal", dealId, teamFacts));
            }
        }
        return drafts;
    }

    private static String taskId(EventEnvelope event, JsonNode data, JsonNode task) {
        return Objects.requireNonNullElse(firstText(data.path("taskId"), task.path("id")), event.subject());
    }

    private static String taskTitle(JsonNode task) {
        String title = text(task.path("title"));
        return title == null ? "a task" : title;
    }

    private static Map<String, Object> taskFacts(JsonNode task) {
        Map<String, Object> facts = new LinkedHashMap<>();
        putIfPresent(facts, "title", text(task.path("title")));
        putIfPresent(facts, "dueAt", text(task.path("dueAt")));
        putIfPresent(facts, "priority", text(task.path("priority")));
        putIfPresent(facts, "contactId", text(task.path("contactId")));
        putIfPresent(facts, "dealId", text(task.path("dealId")));
        return facts;
    }

    private static String dueText(String dueAt) {
        if (dueAt == null) {
            return "No due date";
        }
        try {
            return "Due " + Instant.parse(dueAt);
        } catch (RuntimeException e) {
            return "Due " + dueAt;
        }
    }

    private static void putIfPresent(Map<String, Object> facts, String key, String value) {
        if (value != null) {
            facts.put(key, value);
        }
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            String value = text(node);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || !node.isValueNode()) {
            return null;
        }
        String value = node.asString();
        return value == null || value.isBlank() ? null : value;
    }
}

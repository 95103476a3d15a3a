package io.pulsecrm.tasks.tasks;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.JsonProblems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON merge patch (RFC 7396) of a task's editable fields, applied to the task's current input and then
 * validated like a new task. Only known fields are accepted, so keys such as {@code $set} or {@code a.b} never
 * reach the store. {@code followUp} is replaced as a whole.
 */
final class TaskPatch {

    static final Set<String> FIELDS = Set.of("type", "title", "description", "dueAt", "timeZone", "durationMinutes",
            "priority", "contactId", "companyId", "dealId", "managerId", "reminders", "requiredFields", "recurrence",
            "followUp");

    private TaskPatch() {
    }

    static TaskInput apply(JsonNode patch, TaskInput current, JsonMapper json) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        ObjectNode merged = json.valueToTree(current);
        List<FieldProblem> problems = new ArrayList<>();
        for (var entry : patch.properties()) {
            String field = entry.getKey();
            if ("assigneeId".equals(field)) {
                problems.add(new FieldProblem(field, "is changed with POST /api/tasks/{id}/assign"));
            } else if (!FIELDS.contains(field)) {
                problems.add(new FieldProblem(field, "is not a task field"));
            } else {
                merged.set(field, entry.getValue());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The patch has invalid fields", problems);
        }
        try {
            return json.treeToValue(merged, TaskInput.class);
        } catch (JacksonException e) {
            throw new InvalidRequestException("The patch has invalid fields", List.of(JsonProblems.describe(e).fieldProblem()));
        }
    }

    /** The task's current fields in the form a client sends them (due time as local time in its zone). */
    static TaskInput currentInput(Task task) {
        TaskDetails d = task.details();
        String dueAt = d.dueAt() == null ? null
                : d.dueAt().atZone(ZoneId.of(d.timeZone())).toLocalDateTime().toString();
        return new TaskInput(d.type().wire(), d.title(), d.description(), dueAt, d.timeZone(), d.durationMinutes(),
                d.priority().wire(), d.contactId(), d.companyId(), d.dealId(), d.managerId(), d.reminders(),
                d.requiredFields(), d.recurrence(), d.followUp());
    }
}

package io.pulsecrm.automation.triggers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.pulsecrm.automation.conditions.FieldPath;
import io.pulsecrm.automation.conditions.Values;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.NullNode;

/**
 * What an event changed, read from the event's own change data (never from a guess about the previous state):
 * {@code changes: {field: {from, to}}} of update events, {@code previousStage}/{@code newStage} of deal stage
 * moves (as {@code stage}, {@code stage.id}, {@code stage.name}, {@code stage.kind} and {@code status}), the
 * previous and new assignee of a task assignment, the status of task completion, reopening and cancellation.
 * A created record changed every field it was created with, from null. Only real changes count: a field whose
 * old and new values are equal is not changed.
 */
public final class Changes {

    /** A field's value before and after the event. */
    public record Change(JsonNode from, JsonNode to) {

        public boolean isReal() {
            return !Values.equal(from, to);
        }
    }

    private static final Changes NONE = new Changes(Map.of());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, Change> byField;

    private Changes(Map<String, Change> byField) {
        this.byField = byField;
    }

    public static Changes none() {
        return NONE;
    }

    public static Changes of(String type, JsonNode data) {
        if (type == null || data == null || !data.isObject()) {
            return NONE;
        }
        Map<String, Change> changes = new LinkedHashMap<>();
        JsonNode declared = data.path("changes");
        if (declared.isObject()) {
            for (var entry : declared.properties()) {
                changes.put(entry.getKey(), new Change(entry.getValue().path("from"), entry.getValue().path("to")));
            }
        }
        JsonNode previousStage = data.path("previousStage");
        JsonNode newStage = data.path("newStage");
        if (newStage.isObject()) {
            changes.put("stage", new Change(previousStage, newStage));
            for (String part : new String[] {"id", "name", "kind", "probability"}) {
                changes.put("stage." + part, new Change(previousStage.path(part), newStage.path(part)));
            }
            changes.put("status", new Change(previousStage.path("kind"), newStage.path("kind")));
        }
        String what = type.split("\\.").length > 2 ? type.split("\\.")[2] : "";
        switch (type) {
            case "pulse.task.assigned.v1" ->
                    changes.put("assigneeId", new Change(data.path("previousAssigneeId"), data.path("assigneeId")));
            case "pulse.task.completed.v1" -> changes.put("status", new Change(text("open"), text("done")));
            case "pulse.task.reopened.v1" -> changes.put("status", new Change(data.path("previousStatus"), text("open")));
            case "pulse.task.cancelled.v1" -> changes.put("status", new Change(text("open"), text("cancelled")));
            default -> {
                if ("created".equals(what)) {
                    JsonNode record = recordOf(data);
                    if (record != null) {
                        createdFields(record, "", 0, changes);
                    }
                }
            }
        }
        return new Changes(Map.copyOf(changes));
    }

    /**
     * The change of a field, if the event really changed it. A nested field ({@code customFields.region}) is also
     * found inside the change of its parent ({@code customFields}).
     */
    public Optional<Change> find(String field) {
        Change exact = byField.get(field);
        if (exact != null) {
            return exact.isReal() ? Optional.of(exact) : Optional.empty();
        }
        int dot = field.lastIndexOf('.');
        while (dot > 0) {
            Change parent = byField.get(field.substring(0, dot));
            if (parent != null) {
                String rest = field.substring(dot + 1);
                if (!FieldPath.isValid(rest)) {
                    return Optional.empty();
                }
                FieldPath path = FieldPath.parse(rest);
                Change nested = new Change(path.resolve(parent.from()), path.resolve(parent.to()));
                return nested.isReal() ? Optional.of(nested) : Optional.empty();
            }
            dot = field.lastIndexOf('.', dot - 1);
        }
        return Optional.empty();
    }

    /** Every really changed field, for dry runs and run records. */
    public Map<String, Change> all() {
        Map<String, Change> real = new LinkedHashMap<>();
        byField.forEach((field, change) -> {
            if (change.isReal()) {
                real.put(field, change);
            }
        });
        return real;
    }

    /** The record snapshot an event carries: {@code data.contact}, {@code data.deal}, ... (the only object among known names). */
    static JsonNode recordOf(JsonNode data) {
        for (String name : new String[] {"contact", "company", "deal", "task", "activity"}) {
            if (data.path(name).isObject()) {
                return data.path(name);
            }
        }
        return null;
    }

    private static void createdFields(JsonNode node, String prefix, int depth, Map<String, Change> changes) {
        for (var entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (Values.isEmpty(value)) {
                continue;
            }
            String field = prefix + entry.getKey();
            changes.putIfAbsent(field, new Change(NullNode.getInstance(), value));
            if (value.isObject() && depth == 0) {
                createdFields(value, field + ".", depth + 1, changes);
            }
        }
    }

    private static JsonNode text(String value) {
        return NODES.stringNode(value);
    }

    static JsonNode missing() {
        return MissingNode.getInstance();
    }
}

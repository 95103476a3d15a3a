package io.pulsecrm.automation.conditions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.pulsecrm.automation.rules.RuleProblem;
import io.pulsecrm.platform.web.InvalidRequestException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a condition tree from rule JSON, collecting every problem with its JSON path
 * ({@code conditions.all[1].op: unknown operator 'bigger'}) instead of stopping at the first.
 */
public final class ConditionParser {

    public static final int MAX_DEPTH = 8;
    public static final int MAX_CHILDREN = 50;
    public static final int MAX_LIST = 200;
    public static final int MAX_TEXT = 1000;
    private static final Set<String> LEAF_KEYS = Set.of("field", "op", "value");

    private ConditionParser() {
    }

    /** @return the condition, or null when there were problems (added to {@code problems}) */
    public static Condition parse(JsonNode json, String path, List<RuleProblem> problems) {
        return parse(json, path, problems, 0);
    }

    private static Condition parse(JsonNode json, String path, List<RuleProblem> problems, int depth) {
        if (json == null || !json.isObject()) {
            problems.add(new RuleProblem(path, "must be an object: {\"all\": [...]}, {\"any\": [...]}, {\"not\": {...}} or {\"field\", \"op\", \"value\"}"));
            return null;
        }
        if (depth > MAX_DEPTH) {
            problems.add(new RuleProblem(path, "nests deeper than " + MAX_DEPTH + " levels"));
            return null;
        }
        if (json.has("all") || json.has("any")) {
            String key = json.has("all") ? "all" : "any";
            if (json.size() != 1) {
                problems.add(new RuleProblem(path, "'" + InvalidRequestException.echo(key) + "' must be the only key of its object"));
                return null;
            }
            JsonNode list = json.get(key);
            if (!list.isArray() || list.isEmpty() || list.size() > MAX_CHILDREN) {
                problems.add(new RuleProblem(path + "." + key, "must be an array of 1 to " + MAX_CHILDREN + " conditions"));
                return null;
            }
            List<Condition> children = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < list.size(); i++) {
                Condition child = parse(list.get(i), path + "." + key + "[" + i + "]", problems, depth + 1);
                ok &= child != null;
                children.add(child);
            }
            if (!ok) {
                return null;
            }
            return key.equals("all") ? new Condition.All(List.copyOf(children)) : new Condition.Any(List.copyOf(children));
        }
        if (json.has("not")) {
            if (json.size() != 1) {
                problems.add(new RuleProblem(path, "'not' must be the only key of its object"));
                return null;
            }
            Condition inner = parse(json.get("not"), path + ".not", problems, depth + 1);
            return inner == null ? null : new Condition.Not(inner);
        }
        return leaf(json, path, problems);
    }

    private static Condition leaf(JsonNode json, String path, List<RuleProblem> problems) {
        int before = problems.size();
        for (String key : json.propertyNames()) {
            if (!LEAF_KEYS.contains(key)) {
                problems.add(new RuleProblem(path + "." + safe(key), "unknown key; a condition is {\"field\", \"op\", \"value\"}, {\"all\"}, {\"any\"} or {\"not\"}"));
            }
        }
        JsonNode fieldNode = json.path("field");
        FieldPath field = null;
        if (!fieldNode.isString() || !FieldPath.isValid(fieldNode.stringValue())) {
            problems.add(new RuleProblem(path + ".field", "is required: a dotted path such as deal.amount, record.lifecycleStage or event.actor"));
        } else {
            field = FieldPath.parse(fieldNode.stringValue());
        }
        JsonNode opNode = json.path("op");
        Operator op = opNode.isString() ? Operator.fromWire(opNode.stringValue()).orElse(null) : null;
        if (op == null) {
            problems.add(new RuleProblem(path + ".op", (opNode.isMissingNode() ? "is required" : "unknown operator '"
                    + safe(opNode.isString() ? opNode.stringValue() : opNode.toString()) + "'") + "; one of " + Operator.names()));
        }
        JsonNode value = json.get("value");
        if (op != null) {
            if (!op.takesValue()) {
                if (value != null) {
                    problems.add(new RuleProblem(path + ".value", "is not used by " + op.wire()));
                }
            } else if (value == null) {
                problems.add(new RuleProblem(path + ".value", "is required by " + op.wire()));
            } else if (op.takesList()) {
                if (!value.isArray() || value.size() > MAX_LIST) {
                    problems.add(new RuleProblem(path + ".value", "must be an array of at most " + MAX_LIST + " values for " + op.wire()));
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        scalar(value.get(i), path + ".value[" + i + "]", problems);
                    }
                }
            } else if (op.orders()) {
                if (!Values.isOrderable(value)) {
                    problems.add(new RuleProblem(path + ".value", "must be a number, a date (2026-11-23), a date-time with offset, or now/today with an optional ISO duration (now+P7D) for " + op.wire()));
                }
            } else {
                scalar(value, path + ".value", problems);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Condition.Compare(field, op, value == null ? Condition.NODES.nullNode() : value);
    }

    private static void scalar(JsonNode value, String path, List<RuleProblem> problems) {
        if (value.isContainer()) {
            problems.add(new RuleProblem(path, "must be a string, number, boolean or null"));
        } else if (value.isString() && value.stringValue().length() > MAX_TEXT) {
            problems.add(new RuleProblem(path, "must be at most " + MAX_TEXT + " characters"));
        }
    }

    /** A key as it may be shown back in an error: bounded and printable. */
    public static String safe(String key) {
        String cleaned = key.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 60 ? cleaned.substring(0, 60) + "…" : cleaned;
    }
}

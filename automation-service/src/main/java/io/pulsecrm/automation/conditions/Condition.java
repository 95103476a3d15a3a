package io.pulsecrm.automation.conditions;

import java.util.List;

import io.pulsecrm.automation.triggers.Changes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A predicate tree: {@code {"all": [...]}}, {@code {"any": [...]}}, {@code {"not": {...}}} and field comparisons
 * {@code {"field": "deal.amount", "op": "gt", "value": 10000}}. Built by {@link ConditionParser}; stored and
 * shown as {@link #toJson()}.
 */
public sealed interface Condition {

    JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** @param trace collects what each comparison saw, for dry runs; null when not wanted */
    boolean test(Facts facts, List<String> trace);

    /** Whether evaluating it needs the current record from the owning service. */
    boolean readsRecord();

    JsonNode toJson();

    record All(List<Condition> conditions) implements Condition {
        @Override
        public boolean test(Facts facts, List<String> trace) {
            for (Condition condition : conditions) {
                if (!condition.test(facts, trace)) {
                    return false; // short-circuit: later conditions may need a record fetch that is not needed
                }
            }
            return true;
        }

        @Override
        public boolean readsRecord() {
            return conditions.stream().anyMatch(Condition::readsRecord);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode json = NODES.objectNode();
            conditions.forEach(c -> json.withArray("all").add(c.toJson()));
            return json;
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        @Override
        public boolean test(Facts facts, List<String> trace) {
            for (Condition condition : conditions) {
                if (condition.test(facts, trace)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean readsRecord() {
            return conditions.stream().anyMatch(Condition::readsRecord);
        }

        @Override
        public JsonNode toJson() {
            ObjectNode json = NODES.objectNode();
            conditions.forEach(c -> json.withArray("any").add(c.toJson()));
            return json;
        }
    }

    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(Facts facts, List<String> trace) {
            return !condition.test(facts, trace);
        }

        @Override
        public boolean readsRecord() {
            return condition.readsRecord();
        }

        @Override
        public JsonNode toJson() {
            ObjectNode json = NODES.objectNode();
            json.set("not", condition.toJson());
            return json;
        }
    }

    /** One field compared with a value; {@code changed*} operators read the event's changes of the field. */
    record Compare(FieldPath field, Operator op, JsonNode value) implements Condition {
        @Override
        public boolean test(Facts facts, List<String> trace) {
            boolean result;
            String seen;
            if (op.readsChanges()) {
                var change = facts.changes().find(field.text());
                result = change.isPresent() && switch (op) {
                    case CHANGED -> true;
                    case CHANGED_FROM -> Values.equal(change.get().from(), value);
                    default -> Values.equal(change.get().to(), value);
                };
                seen = change.map(c -> "changed from " + show(c.from()) + " to " + show(c.to())).orElse("not changed");
            } else {
                JsonNode actual = facts.value(field);
                result = compare(actual, facts);
                seen = show(actual);
            }
            if (trace != null) {
                trace.add(field.text() + " " + op.wire() + (op.takesValue() ? " " + show(value) : "") + ": " + seen
                        + " -> " + result);
            }
            return result;
        }

        private boolean compare(JsonNode actual, Facts facts) {
            return switch (op) {
                case EQUALS -> Values.equal(actual, value);
                case NOT_EQUALS -> !Values.equal(actual, value);
                case GT, GTE, LT, LTE -> {
                    Integer order = Values.compare(actual, value, facts.clock());
                    yield order != null && switch (op) {
                        case GT -> order > 0;
                        case GTE -> order >= 0;
                        case LT -> order < 0;
                        default -> order <= 0;
                    };
                }
                case CONTAINS -> Values.contains(actual, value);
                case NOT_CONTAINS -> !Values.contains(actual, value);
                case IN -> Values.in(actual, value);
                case NOT_IN -> !Values.in(actual, value);
                case IS_EMPTY -> Values.isEmpty(actual);
                case IS_NOT_EMPTY -> !Values.isEmpty(actual);
                default -> false;
            };
        }

        @Override
        public boolean readsRecord() {
            return !op.readsChanges() && "record".equals(field.root());
        }

        @Override
        public JsonNode toJson() {
            ObjectNode json = NODES.objectNode();
            json.put("field", field.text());
            json.put("op", op.wire());
            if (op.takesValue()) {
                json.set("value", value);
            }
            return json;
        }

        private static String show(JsonNode value) {
            return value == null || value.isMissingNode() ? "(absent)" : value.toString();
        }
    }

    /** Facts with nothing but changes, for tests and tools. */
    static Facts changesOnly(Changes changes, java.time.Clock clock) {
        return new Facts() {
            @Override
            public JsonNode value(FieldPath path) {
                return tools.jackson.databind.node.MissingNode.getInstance();
            }

            @Override
            public Changes changes() {
                return changes;
            }

            @Override
            public java.time.Clock clock() {
                return clock;
            }
        };
    }
}

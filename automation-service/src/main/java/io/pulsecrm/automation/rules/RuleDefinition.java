package io.pulsecrm.automation.rules;

import java.util.List;

import io.pulsecrm.automation.actions.Action;
import io.pulsecrm.automation.conditions.Condition;
import io.pulsecrm.automation.triggers.Trigger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a rule does, as one version of it: trigger, conditions (null: always) and actions. Immutable; a change
 * of a rule is a new version (its runs keep the version they started with).
 */
public record RuleDefinition(String name, String description, String team, Trigger trigger, Condition conditions,
                             List<Action> actions) {

    public JsonNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", name);
        if (description != null) {
            json.put("description", description);
        }
        if (team != null) {
            json.put("team", team);
        }
        json.set("trigger", trigger.toJson());
        if (conditions != null) {
            json.set("conditions", conditions.toJson());
        }
        actions.forEach(action -> json.withArray("actions").add(action.toJson()));
        return json;
    }

    /** The actions as a program: addresses of actions and what comes after each. */
    public Program program() {
        return new Program(actions);
    }
}

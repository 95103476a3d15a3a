package io.pulsecrm.automation.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.pulsecrm.automation.actions.Action;
import io.pulsecrm.automation.actions.ActionParser;
import io.pulsecrm.automation.conditions.Condition;
import io.pulsecrm.automation.conditions.ConditionParser;
import io.pulsecrm.automation.triggers.EventCatalog;
import io.pulsecrm.automation.triggers.Trigger;
import tools.jackson.databind.JsonNode;

/**
 * Reads a rule definition from its JSON and reports every problem at once with its JSON path
 * ({@link InvalidRuleException}). Keys are a fixed set, so nothing the caller invents reaches the store.
 */
public final class RuleParser {

    private static final Set<String> KEYS = Set.of("name", "description", "team", "enabled", "trigger", "conditions", "actions");

    private final EventCatalog catalog;
    private final RulePeople people;

    public RuleParser(EventCatalog catalog, RulePeople people) {
        this.catalog = catalog;
        this.people = people;
    }

    /**
     * @param team            the team the rule belongs to, already decided by the caller's rights (null: organisation-wide)
     * @param webhooksAllowed whether the author may add webhook actions
     * @throws InvalidRuleException listing every problem
     */
    public RuleDefinition parse(JsonNode json, String team, boolean webhooksAllowed) {
        List<RuleProblem> problems = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw new InvalidRuleException(List.of(new RuleProblem("body", "must be a JSON object")));
        }
        for (String key : json.propertyNames()) {
            if (!KEYS.contains(key)) {
                problems.add(new RuleProblem(ConditionParser.safe(key), "unknown field; a rule has " + KEYS.stream().sorted().toList()));
            }
        }
        String name = text(json.path("name"), "name", 200, true, problems);
        String description = text(json.path("description"), "description", 2000, false, problems);
        JsonNode enabled = json.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            problems.add(new RuleProblem("enabled", "must be true or false"));
        }
        Trigger trigger = Trigger.parse(json.get("trigger"), catalog, problems);
        Condition conditions = null;
        JsonNode conditionsNode = json.get("conditions");
        if (conditionsNode != null && !conditionsNode.isNull()) {
            conditions = ConditionParser.parse(conditionsNode, "conditions", problems);
        }
        Set<String> recordTypes = trigger == null ? Set.of() : trigger.recordTypes();
        List<Action> actions = new ActionParser(people, team, recordTypes, webhooksAllowed, problems)
                .parseList(json.get("actions"), "actions", true, 0);
        if (!problems.isEmpty()) {
            throw new InvalidRuleException(problems);
        }
        return new RuleDefinition(name, description, team, trigger, conditions, actions);
    }

    /** Re-reads a stored definition (already valid when stored; people may have left since, which runs report). */
    public RuleDefinition read(JsonNode stored) {
        String team = stored.path("team").isString() ? stored.path("team").stringValue() : null;
        RulePeople lenient = RulePeople.ANYONE;
        List<RuleProblem> problems = new ArrayList<>();
        Trigger trigger = Trigger.parse(stored.get("trigger"), catalog, problems);
        Condition conditions = stored.hasNonNull("conditions") ? ConditionParser.parse(stored.get("conditions"), "conditions", problems) : null;
        List<Action> actions = new ActionParser(lenient, null, Set.of(), true, problems).parseList(stored.get("actions"), "actions", true, 0);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("stored rule definition no longer parses: " + problems);
        }
        return new RuleDefinition(stored.path("name").asString(), stored.path("description").isString()
                ? stored.path("description").stringValue() : null, team, trigger, conditions, actions);
    }

    private static String text(JsonNode node, String field, int max, boolean required, List<RuleProblem> problems) {
        if (!node.isString() || node.stringValue().isBlank()) {
            if (required || !(node.isMissingNode() || node.isNull())) {
                problems.add(new RuleProblem(field, required ? "is required" : "must be text"));
            }
            return null;
        }
        String value = node.stringValue().strip();
        if (value.length() > max) {
            problems.add(new RuleProblem(field, "must be at most " + max + " characters"));
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            problems.add(new RuleProblem(field, "must not contain control characters"));
        }
        return value;
    }
}

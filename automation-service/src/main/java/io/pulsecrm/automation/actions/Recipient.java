package io.pulsecrm.automation.actions;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.pulsecrm.automation.conditions.ConditionParser;
import io.pulsecrm.automation.rules.RulePeople;
import io.pulsecrm.automation.rules.RuleProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A person an action names: the record's {@code owner}, the owner's {@code manager} (their team's manager in
 * the users directory), a named {@code user}, or the next member of a team in turn ({@code round_robin}).
 * <pre>{"type": "owner"} {"type": "manager"} {"type": "user", "userId": "ada"} {"type": "round_robin", "team": "east"}</pre>
 */
public record Recipient(Kind kind, String userId, String team) {

    public enum Kind {
        OWNER, MANAGER, USER, ROUND_ROBIN;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public JsonNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", kind.wire());
        if (userId != null) {
            json.put("userId", userId);
        }
        if (team != null) {
            json.put("team", team);
        }
        return json;
    }

    /**
     * @param allowed the kinds this action accepts
     * @param ruleTeam the team of the rule (null for an organisation-wide rule): a team rule names only its own
     *                 team's members and rotates only within its team
     */
    static Recipient parse(JsonNode json, String path, Set<Kind> allowed, RulePeople people, String ruleTeam,
                           List<RuleProblem> problems) {
        if (json == null || !json.isObject()) {
            problems.add(new RuleProblem(path, "must be an object such as {\"type\": \"owner\"}"));
            return null;
        }
        JsonNode type = json.path("type");
        Kind kind = null;
        for (Kind candidate : allowed) {
            if (type.isString() && candidate.wire().equals(type.stringValue())) {
                kind = candidate;
            }
        }
        if (kind == null) {
            problems.add(new RuleProblem(path + ".type", "must be one of " + allowed.stream().map(Kind::wire).sorted().toList()));
            return null;
        }
        for (String key : json.propertyNames()) {
            if (!Set.of("type", "userId", "team").contains(key)) {
                problems.add(new RuleProblem(path + "." + ConditionParser.safe(key), "unknown key"));
            }
        }
        switch (kind) {
            case USER -> {
                JsonNode user = json.path("userId");
                if (!user.isString() || !people.isUser(user.stringValue())) {
                    problems.add(new RuleProblem(path + ".userId", user.isString() ? "unknown user "
                            + ConditionParser.safe(user.stringValue()) : "is required"));
                    return null;
                }
                if (ruleTeam != null && !ruleTeam.equals(people.teamOf(user.stringValue()))) {
                    problems.add(new RuleProblem(path + ".userId", "a rule of team " + ruleTeam
                            + " may name only members of its team"));
                    return null;
                }
                return new Recipient(kind, user.stringValue(), null);
            }
            case ROUND_ROBIN -> {
                JsonNode team = json.path("team");
                String teamId = team.isString() ? team.stringValue() : ruleTeam;
                if (teamId == null || !people.isTeam(teamId)) {
                    problems.add(new RuleProblem(path + ".team", teamId == null ? "is required" : "unknown team "
                            + ConditionParser.safe(teamId)));
                    return null;
                }
                if (ruleTeam != null && !ruleTeam.equals(teamId)) {
                    problems.add(new RuleProblem(path + ".team", "a rule of team " + ruleTeam + " rotates only within its team"));
                    return null;
                }
                return new Recipient(kind, null, teamId);
            }
            default -> {
                return new Recipient(kind, null, null);
            }
        }
    }
}

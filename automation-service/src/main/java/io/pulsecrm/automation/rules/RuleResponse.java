package io.pulsecrm.automation.rules;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A rule as the API shows it. {@code version} is the ETag to send back in If-Match; {@code revision} is the
 * definition's version, which runs record.
 */
public record RuleResponse(String id, String name, String description, String team, boolean enabled, int revision,
                           long version, JsonNode trigger, JsonNode conditions, JsonNode actions, Instant createdAt,
                           String createdBy, Instant updatedAt, String updatedBy) {

    public static RuleResponse of(Rule rule) {
        JsonNode definition = Rules.json(rule.getDefinition());
        return new RuleResponse(rule.getId(), rule.getName(), definition.path("description").isString()
                ? definition.path("description").stringValue() : null, rule.getTeam(), rule.isEnabled(),
                rule.getRevision(), rule.getVersion(), definition.get("trigger"), definition.get("conditions"),
                definition.get("actions"), rule.getCreatedAt(), rule.getCreatedBy(), rule.getUpdatedAt(),
                rule.getUpdatedBy());
    }
}

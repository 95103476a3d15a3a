package io.pulsecrm.automation.rules;

import java.net.URI;
import java.util.List;

import io.pulsecrm.automation.actions.ActionParser;
import io.pulsecrm.automation.conditions.Operator;
import io.pulsecrm.automation.triggers.EventCatalog;
import io.pulsecrm.automation.triggers.Trigger;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/automation/rules}: create, edit (a new revision), enable / disable, delete and list rules, and
 * {@code /api/automation/catalog}: what rules can be made of. Who may: {@link RuleAccess}.
 */
@RestController
@Validated
@RequestMapping(path = "/api/automation", produces = MediaType.APPLICATION_JSON_VALUE)
class RuleController {

    private final Rules rules;
    private final RuleAccess access;
    private final EventCatalog catalog;
    private final java.time.Clock clock;

    RuleController(Rules rules, RuleAccess access, EventCatalog catalog, java.time.Clock clock) {
        this.rules = rules;
        this.access = access;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** One revision of a rule's definition. */
    record Revision(int revision, String name, JsonNode definition, java.time.Instant createdAt, String createdBy) {
    }

    record Revisions(String ruleId, List<Revision> items) {
    }

    /** The building blocks of rules, for rule editors. */
    record Catalog(List<String> triggerTypes, List<String> events, java.util.Map<String, List<String>> dateFields,
                   CustomDateFields customDateFields, List<String> operators, List<String> actions) {
    }

    /**
     * Date triggers also accept custom fields of these records: {@code field} is the pattern, {@code keyPattern} the
     * key's syntax, {@code values} what a value must look like to count as a date.
     */
    record CustomDateFields(String field, String keyPattern, List<String> records, String values) {
    }

    @GetMapping("/catalog")
    Catalog catalog() {
        access.requireManagerOrAdmin();
        return new Catalog(List.of("event", "date", "schedule"), List.copyOf(catalog.types()),
                new java.util.TreeMap<>(Trigger.DATE_FIELDS),
                new CustomDateFields(Trigger.CUSTOM_FIELDS + "<key>", Trigger.CUSTOM_KEY.pattern(),
                        Trigger.CUSTOM_FIELD_RECORDS, "yyyy-MM-dd (other values are skipped)"),
                Operator.names(), ActionParser.types());
    }

    @PostMapping(path = "/rules", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleResponse> create(@RequestBody JsonNode body) {
        String team = access.teamFor(teamOf(body));
        RuleDefinition definition = rules.validate(body, team, access.mayCallWebhooks());
        Rule rule = rules.create(definition, enabledOf(body, true), access.actor());
        return ResponseEntity.created(URI.create("/api/automation/rules/" + rule.getId()))
                .eTag(IfMatch.etag(rule.getVersion())).body(RuleResponse.of(rule));
    }

    @GetMapping("/rules/{id}")
    ResponseEntity<RuleResponse> get(@PathVariable String id) {
        return ok(visible(id));
    }

    @GetMapping("/rules")
    CursorPage<RuleResponse> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                  @RequestParam(required = false) String cursor,
                                  @RequestParam(required = false) String team,
                                  @RequestParam(required = false) Boolean enabled,
                                  @RequestParam(required = false) String event) {
        CursorPage<Rule> page = rules.list(access.teamRestriction("team"), team, enabled, event, limit, cursor);
        return new CursorPage<>(page.items().stream().map(RuleResponse::of).toList(), page.nextCursor());
    }

    /** Replaces the definition: a new revision. Runs under way keep following the revision they started with. */
    @PutMapping(path = "/rules/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleResponse> revise(@PathVariable String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody JsonNode body) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Rule current = visible(id);
        String team = body.has("team") ? access.teamFor(teamOf(body)) : current.getTeam();
        RuleDefinition definition = rules.validate(body, team, access.mayCallWebhooks());
        String json = Rules.serialize(definition);
        Boolean enabled = body.has("enabled") ? enabledOf(body, current.isEnabled()) : null;
        String actor = access.actor();
        Rule saved = rules.change(id, expected, rule -> {
            rule.revise(definition, json, actor, clock.instant());
            if (enabled != null) {
                rule.enable(enabled, actor, clock.instant());
            }
        });
        return ok(saved);
    }

    @PostMapping("/rules/{id}/enable")
    ResponseEntity<RuleResponse> enable(@PathVariable String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return toggle(id, ifMatch, true);
    }

    @PostMapping("/rules/{id}/disable")
    ResponseEntity<RuleResponse> disable(@PathVariable String id,
                                         @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return toggle(id, ifMatch, false);
    }

    @DeleteMapping("/rules/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = IfMatch.requiredVersion(ifMatch);
        visible(id);
        String actor = access.actor();
        rules.change(id, expected, rule -> rule.delete(actor, clock.instant()));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/rules/{id}/revisions")
    Revisions revisions(@PathVariable String id) {
        visible(id);
        return new Revisions(id, rules.revisions(id).stream().map(r -> new Revision(r.revision(), r.name(),
                Rules.json(r.definition()), r.createdAt(), r.createdBy())).toList());
    }

    private ResponseEntity<RuleResponse> toggle(String id, String ifMatch, boolean on) {
        long expected = IfMatch.requiredVersion(ifMatch);
        visible(id);
        String actor = access.actor();
        return ok(rules.change(id, expected, rule -> rule.enable(on, actor, clock.instant())));
    }

    private Rule visible(String id) {
        Rule rule = rules.get(id);
        access.requireVisible(rule.getTeam(), "rule", id);
        return rule;
    }

    private static ResponseEntity<RuleResponse> ok(Rule rule) {
        return ResponseEntity.ok().eTag(IfMatch.etag(rule.getVersion())).body(RuleResponse.of(rule));
    }

    private static String teamOf(JsonNode body) {
        JsonNode team = body == null ? null : body.get("team");
        if (team == null || team.isNull()) {
            return null;
        }
        if (!team.isString() || team.stringValue().isBlank() || team.stringValue().length() > 100) {
            throw InvalidRequestException.field("team", "must be a team id");
        }
        return team.stringValue();
    }

    private static boolean enabledOf(JsonNode body, boolean otherwise) {
        JsonNode enabled = body == null ? null : body.get("enabled");
        if (enabled == null || enabled.isNull()) {
            return otherwise;
        }
        if (!enabled.isBoolean()) {
            throw InvalidRequestException.field("enabled", "must be true or false");
        }
        return enabled.booleanValue();
    }
}

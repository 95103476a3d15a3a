package io.pulsecrm.automation.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.pulsecrm.automation.actions.Action;
import io.pulsecrm.automation.actions.ActionRunner;
import io.pulsecrm.automation.actions.Contexts;
import io.pulsecrm.automation.actions.RunContext;
import io.pulsecrm.automation.calls.CallFailedException;
import io.pulsecrm.automation.actions.Records;
import io.pulsecrm.automation.triggers.ChainGuard;
import io.pulsecrm.automation.triggers.EventCatalog;
import io.pulsecrm.automation.triggers.EventFacts;
import io.pulsecrm.automation.triggers.RecordRef;
import io.pulsecrm.automation.triggers.TriggerEvent;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.security.Visibility;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/automation/rules/{id}/dry-run}: what the rule would do for an event (or for a record as it is
 * now), changing nothing: no run is stored, no service is called except to read the record, no rotation turn is
 * taken (the member whose turn is next is shown), waits are not waited, branches are decided on the facts of now.
 */
@RestController
class DryRunController {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> KEYS = Set.of("event", "recordType", "recordId", "eventType");
    private static final Set<String> DRAFT_KEYS = Set.of("rule", "event", "recordType", "recordId", "eventType");
    private static final Set<String> EVENT_KEYS = Set.of("id", "type", "subject", "actor", "time", "causationId", "data");

    private final Rules rules;
    private final RuleAccess access;
    private final ActionRunner actions;
    private final Contexts contexts;
    private final Records records;
    private final ChainGuard chain;
    private final EventCatalog catalog;
    private final Visibility visibility;
    private final java.time.Clock clock;

    DryRunController(Rules rules, RuleAccess access, ActionRunner actions, Contexts contexts, Records records,
                     ChainGuard chain, EventCatalog catalog, Visibility visibility, java.time.Clock clock) {
        this.clock = clock;
        this.rules = rules;
        this.access = access;
        this.actions = actions;
        this.contexts = contexts;
        this.records = records;
        this.chain = chain;
        this.catalog = catalog;
        this.visibility = visibility;
    }

    /** What a dry run is about: a stored rule (its current revision) or a definition not saved yet. */
    private record Subject(String id, Integer revision, boolean enabled, String name, String team, RuleDefinition definition) {
    }

    @PostMapping(path = "/api/automation/rules/{id}/dry-run", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode dryRun(@PathVariable String id, @RequestBody JsonNode body) {
        Rule rule = rules.get(id);
        access.requireVisible(rule.getTeam(), "rule", id);
        requireFields(body, KEYS);
        return dryRun(new Subject(rule.getId(), rule.getRevision(), rule.isEnabled(), rule.getName(), rule.getTeam(),
                rules.definition(rule)), body);
    }

    /**
     * {@code POST /api/automation/rules/dry-run}: the same for a definition being edited ({@code rule}, as it would be
     * created), so an editor can try a rule before saving it. Problems of the definition are 400s at {@code rule.*}.
     */
    @PostMapping(path = "/api/automation/rules/dry-run", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode dryRunDraft(@RequestBody JsonNode body) {
        requireFields(body, DRAFT_KEYS);
        JsonNode draft = body.get("rule");
        if (draft == null || !draft.isObject()) {
            throw InvalidRequestException.field("rule", "must be the rule's definition, as for POST /api/automation/rules");
        }
        JsonNode teamNode = draft.get("team");
        if (teamNode != null && !teamNode.isNull() && (!teamNode.isString() || teamNode.stringValue().isBlank())) {
            throw InvalidRequestException.field("rule.team", "must be a team id");
        }
        String team = access.teamFor(teamNode == null || teamNode.isNull() ? null : teamNode.stringValue());
        RuleDefinition definition;
        try {
            definition = rules.validate(draft, team, access.mayCallWebhooks());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(e.getMessage(), e.fieldErrors().stream()
                    .map(p -> new InvalidRequestException.FieldProblem("rule." + p.field(), p.message())).toList());
        }
        boolean enabled = !draft.path("enabled").isBoolean() || draft.path("enabled").booleanValue();
        ObjectNode request = ((ObjectNode) body).deepCopy();
        request.remove("rule");
        return dryRun(new Subject(null, null, enabled, definition.name(), team, definition), request);
    }

    private static void requireFields(JsonNode body, Set<String> keys) {
        if (body == null || !body.isObject()) {
            throw InvalidRequestException.field("body", "must be {\"event\": {...}} or {\"recordType\", \"recordId\"}");
        }
        for (String key : body.propertyNames()) {
            if (!keys.contains(key)) {
                throw InvalidRequestException.field(key.length() > 60 ? key.substring(0, 60) : key,
                        "unknown field; send {\"event\": {type, subject, data}} or {\"recordType\", \"recordId\"}");
            }
        }
    }

    private JsonNode dryRun(Subject rule, JsonNode body) {
        RuleDefinition definition = rule.definition();
        boolean fromEvent = body.has("event");
        TriggerEvent event;
        RecordRef record;
        JsonNode current = null;
        if (fromEvent) {
            event = event(body.get("event"), clock.instant());
            record = RecordRef.of(event);
        } else {
            String recordType = text(body, "recordType");
            String recordId = text(body, "recordId");
            if (!Set.of("contact", "company", "deal", "task").contains(recordType)) {
                throw InvalidRequestException.field("recordType", "must be contact, company, deal or task");
            }
            record = new RecordRef(recordType, recordId, null);
            current = records.fetch(record, null);
            if (current.isMissingNode()) {
                throw new AggregateNotFoundException(recordType, recordId);
            }
            boolean byTime = definition.trigger().kind() != io.pulsecrm.automation.triggers.Trigger.Kind.EVENT;
            if (byTime && !definition.trigger().time().record().equals(recordType)) {
                throw InvalidRequestException.field("recordType", "the rule runs over " + definition.trigger().time().record() + " records");
            }
            String type = byTime ? "pulse." + recordType + "." + (definition.trigger().kind()
                    == io.pulsecrm.automation.triggers.Trigger.Kind.DATE ? "date_reached" : "schedule_tick") + ".v1"
                    : body.has("eventType") ? text(body, "eventType") : definition.trigger().events().stream()
                    .filter(t -> EventCatalog.recordTypeOf(t).equals(recordType)).findFirst().orElse(null);
            if (!byTime && (type == null || !catalog.supports(type))) {
                throw InvalidRequestException.field("eventType", "the rule triggers on no " + recordType + " event; name one");
            }
            ObjectNode data = NODES.objectNode();
            data.set(recordType, current);
            event = new TriggerEvent("dry-run", type, "/pulse/automation-service/dry-run", recordId, clock.instant(),
                    "system:dry-run", null, null, data);
            record = RecordRef.of(event);
        }
        JsonNode known = current;
        EventFacts facts = known == null ? contexts.facts(event, record) : contexts.facts(event, record, () -> known);
        ObjectNode answer = NODES.objectNode();
        if (rule.id() != null) {
            answer.put("ruleId", rule.id());
            answer.put("ruleRevision", rule.revision());
        }
        answer.put("enabled", rule.enabled());
        answer.put("eventType", event.type());
        if (record != null) {
            answer.putObject("record").put("type", record.type()).put("id", record.id());
        }
        ObjectNode trigger = answer.putObject("trigger");
        boolean matched;
        if (fromEvent) {
            matched = definition.trigger().matches(event, facts.changes());
            trigger.put("matched", matched);
            trigger.put("explanation", definition.trigger().explain(event, facts.changes()));
        } else {
            matched = true;
            trigger.putNull("matched");
            trigger.put("explanation", definition.trigger().kind() != io.pulsecrm.automation.triggers.Trigger.Kind.EVENT
                    ? "a time trigger: as if its moment had come for this record"
                    : definition.trigger().field() == null
                    ? "no event given: assumed an event of type " + event.type()
                    : "no event given: the change of " + definition.trigger().field() + " the trigger needs is assumed");
        }
        boolean inTeam = true;
        String owner = null;
        if (rule.team() != null && record != null) {
            owner = record.ownerId() != null ? record.ownerId() : RecordRef.ownerOf(record.type(), facts.record());
            inTeam = owner == null || visibility.directory().memberIds(rule.team()).contains(owner);
            answer.putObject("team").put("team", rule.team()).put("owner", owner).put("applies", inTeam);
        }
        List<String> trace = new ArrayList<>();
        boolean met = true;
        try {
            met = definition.conditions() == null || definition.conditions().test(facts, trace);
        } catch (CallFailedException e) {
            answer.put("error", "could not read the record: " + e.getMessage());
            met = false;
        }
        ObjectNode conditions = answer.putObject("conditions");
        conditions.put("met", met);
        trace.forEach(conditions.putArray("trace")::add);
        int depth = fromEvent ? chain.levelOf(event) + 1 : 1;
        answer.put("depth", depth);
        String refusal = chain.refusal(depth);
        if (refusal != null) {
            answer.put("loopGuard", refusal);
        }
        boolean wouldRun = matched && inTeam && met && refusal == null;
        answer.put("wouldRun", wouldRun && rule.enabled());
        if (wouldRun) {
            plan(definition, answer.putArray("actions"), contexts.context("dry-run", rule.id() == null ? "draft" : rule.id(), rule.name(), depth,
                    event, record == null || rule.team() == null ? record : record.withOwner(owner), facts, true));
        }
        answer.put("changed", "nothing: a dry run stores no run and calls no service to change anything");
        return answer;
    }

    private void plan(RuleDefinition definition, tools.jackson.databind.node.ArrayNode out, RunContext context) {
        Program program = definition.program();
        String address = program.first();
        int guard = 0;
        while (address != null && guard++ < 200) {
            Action action = program.at(address);
            ObjectNode step = out.addObject();
            step.put("address", address);
            step.put("type", action.type());
            try {
                step.set("input", actions.prepare(action, address, context));
            } catch (CallFailedException e) {
                step.put("error", e.getMessage());
                step.put("note", "the run would fail here");
                return;
            }
            switch (action) {
                case Action.Branch branch -> {
                    List<String> trace = new ArrayList<>();
                    boolean then = branch.condition().test(context.facts(), trace);
                    step.put("taken", then ? "then" : "else");
                    trace.forEach(step.withArray("trace")::add);
                    address = program.enter(address, then);
                    continue;
                }
                case Action.Stop stop -> {
                    step.put("note", "the run would stop here");
                    return;
                }
                case Action.Wait wait -> step.put("note", "the run would be parked for " + wait.duration());
                case Action.WaitUntil wait -> {
                    List<String> trace = new ArrayList<>();
                    boolean holds = wait.condition().test(context.facts(), trace);
                    step.put("note", holds ? "the condition holds now: the run would go on at once"
                            : "the run would wait until the condition holds, at most " + wait.timeout()
                            + (wait.stopOnTimeout() ? ", then stop" : ", then go on"));
                    trace.forEach(step.withArray("trace")::add);
                }
                default -> step.put("note", "would " + describe(action));
            }
            address = program.next(address);
        }
    }

    private static String describe(Action action) {
        return switch (action.type()) {
            case "create_task" -> "create this task in tasks-service (POST /api/tasks)";
            case "create_deal" -> "open this deal in deals-service (POST /api/deals), linked to the record";
            case "notify" -> "ask notification-service to notify these users (pulse.automation.notification_requested.v1)";
            case "update_field" -> "set the field on the record through its service (PATCH, If-Match)";
            case "move_stage" -> "move the deal to this stage (POST /api/deals/{id}/move)";
            case "change_owner" -> "give the record to this owner through its service";
            case "add_tag" -> "add the tag to the contact unless it has it";
            case "webhook" -> "POST this payload to the webhook URL";
            default -> action.type();
        };
    }

    private static TriggerEvent event(JsonNode json, Instant now) {
        if (json == null || !json.isObject()) {
            throw InvalidRequestException.field("event", "must be an object {type, subject, data}");
        }
        for (String key : json.propertyNames()) {
            if (!EVENT_KEYS.contains(key)) {
                throw InvalidRequestException.field("event." + (key.length() > 60 ? key.substring(0, 60) : key),
                        "unknown field; an event has " + EVENT_KEYS);
            }
        }
        String type = text(json, "type");
        String subject = json.has("subject") ? text(json, "subject") : "dry-run";
        JsonNode data = json.path("data");
        if (!data.isObject()) {
            throw InvalidRequestException.field("event.data", "must be an object");
        }
        Instant time = now;
        if (json.has("time")) {
            try {
                time = Instant.parse(text(json, "time"));
            } catch (java.time.format.DateTimeParseException e) {
                throw InvalidRequestException.field("event.time", "must be an ISO-8601 instant");
            }
        }
        return new TriggerEvent(json.has("id") ? text(json, "id") : "dry-run", type, "/pulse/automation-service/dry-run",
                subject, time, json.has("actor") ? text(json, "actor") : "system:dry-run", null,
                json.has("causationId") ? text(json, "causationId") : null, data);
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.path(field);
        if (!node.isString() || node.stringValue().isBlank() || node.stringValue().length() > 200) {
            throw InvalidRequestException.field(field, "is required text");
        }
        return node.stringValue();
    }
}

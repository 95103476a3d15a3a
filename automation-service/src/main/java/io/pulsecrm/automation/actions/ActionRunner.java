package io.pulsecrm.automation.actions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.platform.assignment.RoundRobin;
import io.pulsecrm.automation.calls.CallFailedException;
import io.pulsecrm.automation.calls.Reply;
import io.pulsecrm.automation.calls.ServiceCalls;
import io.pulsecrm.automation.calls.Target;
import io.pulsecrm.automation.calls.TransientCallException;
import io.pulsecrm.automation.conditions.Values;
import io.pulsecrm.automation.rules.Program;
import io.pulsecrm.automation.runs.Step;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.UserDirectory;
import io.pulsecrm.platform.security.Visibility;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Prepares and performs the actions of runs. Preparing fixes everything a step will send (assignee, due time,
 * rendered texts) so that it can be stored before the step has any effect; performing sends it, under the step's
 * idempotency key. Changes of existing records read the record first and change only what is not already so, with
 * {@code If-Match}: repeating such a step after it took effect changes nothing.
 */
@Component
public class ActionRunner {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Re-reads after a concurrent change of the record within one attempt. */
    private static final int CONFLICT_RETRIES = 3;

    private final ServiceCalls calls;
    private final Records records;
    private final RoundRobin roundRobin;
    private final AggregateStore store;
    private final UserDirectory directory;
    private final Clock clock;
    /** Default re-check interval of wait_until steps ({@code pulse.automation.runs.wait-check-every}). */
    private final java.time.Duration defaultCheck;

    ActionRunner(ServiceCalls calls, Records records, RoundRobin roundRobin, AggregateStore store,
                 Visibility visibility, io.pulsecrm.automation.AutomationProperties properties, Clock clock) {
        this.defaultCheck = properties.runs().waitCheckEvery();
        this.calls = calls;
        this.records = records;
        this.roundRobin = roundRobin;
        this.store = store;
        this.directory = visibility.directory();
        this.clock = clock;
    }

    /**
     * The step's fixed input.
     *
     * @throws CallFailedException (refused) when the step cannot be prepared, e.g. the record has no owner
     */
    public ObjectNode prepare(Action action, String address, RunContext run) {
        Instant now = clock.instant();
        ObjectNode input = NODES.objectNode();
        switch (action) {
            case Action.CreateTask task -> {
                ObjectNode request = input.putObject("request");
                request.put("type", task.taskType());
                request.put("title", clip(task.title().render(run.facts()), 200, "Task"));
                if (task.description() != null) {
                    request.put("description", clip(task.description().render(run.facts()), 5000, null));
                }
                if (task.dueIn() != null) {
                    request.put("dueAt", now.plus(task.dueIn()).toString());
                }
                if (task.priority() != null) {
                    request.put("priority", task.priority());
                }
                request.put("assigneeId", person(task.assignee(), address, run));
                links(run, request);
            }
            case Action.CreateDeal deal -> {
                ObjectNode request = input.putObject("request");
                request.put("title", clip(deal.name().render(run.facts()), 200, "Deal"));
                request.put("pipelineId", deal.pipelineId());
                if (deal.stageId() != null) {
                    request.put("stageId", deal.stageId());
                }
                if (deal.amount() != null) {
                    request.put("amount", new java.math.BigDecimal(deal.amount()));
                    request.put("currency", deal.currency());
                }
                request.put("ownerId", person(deal.owner(), address, run));
                request.put("source", "automation");
                dealLinks(run, request);
            }
            case Action.Notify notify -> {
                Set<String> recipients = new LinkedHashSet<>();
                List<String> skipped = new ArrayList<>();
                for (Recipient recipient : notify.recipients()) {
                    try {
                        recipients.add(person(recipient, address, run));
                    } catch (CallFailedException e) {
                        skipped.add(e.getMessage());
                    }
                }
                recipients.forEach(input.putArray("recipients")::add);
                skipped.forEach(input.putArray("skipped")::add);
                notify.channels().forEach(input.putArray("channels")::add);
                input.put("title", clip(notify.title().render(run.facts()), 200, "Automation"));
                if (notify.body() != null) {
                    input.put("body", clip(notify.body().render(run.facts()), 2000, null));
                }
                if (run.record() != null) {
                    input.put("subjectType", run.record().type());
                    input.put("subjectId", run.record().id());
                }
            }
            case Action.UpdateField update -> {
                input.put("field", update.field().text());
                input.set("value", update.value().isString()
                        ? NODES.stringNode(new Template(update.value().stringValue()).render(run.facts())) : update.value());
            }
            case Action.MoveStage move -> input.put("stageId", move.stageId());
            case Action.ChangeOwner change -> input.put("ownerId", person(change.owner(), address, run));
            case Action.AddTag tag -> input.put("tag", tag.tag());
            case Action.CallWebhook webhook -> {
                input.put("url", webhook.url().toString());
                ObjectNode payload = input.putObject("payload");
                payload.put("runId", run.runId());
                payload.put("ruleId", run.ruleId());
                payload.put("ruleName", run.ruleName());
                ObjectNode event = payload.putObject("event");
                event.put("id", run.event().id());
                event.put("type", run.event().type());
                event.put("subject", run.event().subject());
                event.put("time", String.valueOf(run.event().time()));
                event.put("actor", run.event().actor());
                event.set("data", run.event().data());
                if (run.record() != null) {
                    payload.put("recordType", run.record().type());
                    payload.put("recordId", run.record().id());
                    payload.set("record", run.facts().record().isMissingNode() ? NODES.nullNode() : run.facts().record());
                }
            }
            case Action.Wait wait -> input.put("until", now.plus(wait.duration()).toString());
            case Action.WaitUntil wait -> input.put("deadline", now.plus(wait.timeout()).toString());
            case Action.Branch branch -> {
                // decided when performed, on the facts of that moment
            }
            case Action.Stop stop -> input.put("reason", stop.reason() == null ? "stop action" : stop.reason());
        }
        return input;
    }

    /**
     * Performs a prepared step.
     *
     * @throws CallFailedException when the owning service refuses it, or cannot be reached after the retries
     */
    public Outcome perform(Action action, Step step, JsonNode input, Program program, RunContext run,
                           Map<String, String> headers) {
        Instant now = clock.instant();
        return switch (action) {
            case Action.CreateTask task -> createTask(input, headers);
            case Action.CreateDeal deal -> createDeal(input, headers);
            case Action.Notify notify -> notify(input, step, run);
            case Action.UpdateField update -> change(run, headers, "update_field", current -> {
                if (Values.equal(update.field().resolve(current), input.get("value"))) {
                    return null;
                }
                return mergePatch(update.field().text(), input.get("value"));
            });
            case Action.MoveStage move -> moveStage(input, run, headers);
            case Action.ChangeOwner change -> changeOwner(input.path("ownerId").asString(), run, headers);
            case Action.AddTag tag -> change(run, headers, "add_tag", current -> {
                JsonNode tags = current.path("tags");
                if (Values.contains(tags, input.get("tag"))) {
                    return null;
                }
                ObjectNode patch = NODES.objectNode();
                ArrayNode all = patch.putArray("tags");
                tags.forEach(all::add);
                all.add(input.get("tag"));
                return patch;
            });
            case Action.CallWebhook webhook -> callWebhook(webhook, input, headers);
            case Action.Wait wait -> {
                Instant until = Instant.parse(input.path("until").asString());
                yield now.isBefore(until) ? new Outcome.Park(until)
                        : new Outcome.Done(NODES.objectNode().put("waitedUntil", until.toString()));
            }
            case Action.WaitUntil wait -> {
                List<String> trace = new ArrayList<>();
                Instant deadline = Instant.parse(input.path("deadline").asString());
                if (wait.condition().test(run.facts(), trace)) {
                    yield new Outcome.Done(traced(NODES.objectNode().put("conditionMet", true), trace));
                }
                if (!now.isBefore(deadline)) {
                    ObjectNode output = traced(NODES.objectNode().put("timedOut", true), trace);
                    yield wait.stopOnTimeout() ? new Outcome.Stop(output, "wait_until timed out at " + deadline)
                            : new Outcome.Done(output);
                }
                Instant again = now.plus(wait.checkEvery() != null ? wait.checkEvery() : defaultCheck);
                yield new Outcome.Park(again.isAfter(deadline) ? deadline : again);
            }
            case Action.Branch branch -> {
                List<String> trace = new ArrayList<>();
                boolean then = branch.condition().test(run.facts(), trace);
                yield new Outcome.Done(traced(NODES.objectNode().put("taken", then ? "then" : "else"), trace),
                        program.enter(step.getAddress(), then));
            }
            case Action.Stop stop -> new Outcome.Stop(NODES.objectNode(), input.path("reason").asString());
        };
    }

    private Outcome createTask(JsonNode input, Map<String, String> headers) {
        Reply reply = calls.resilient(Target.TASKS.breakerName(), () -> calls.call(Target.TASKS, HttpMethod.POST,
                "/api/tasks", input.get("request"), MediaType.APPLICATION_JSON_VALUE, headers));
        if (!reply.ok()) {
            throw new CallFailedException("tasks-service refused the task: " + reply.problem(), true, 1, null);
        }
        ObjectNode output = NODES.objectNode();
        output.put("taskId", reply.body().path("id").asString(null));
        output.put("status", reply.status());
        output.put("replayed", reply.replayed());
        return new Outcome.Done(output);
    }

    /** POST /api/deals under the step's idempotency key: a retried step gets the first answer, never a second deal. */
    private Outcome createDeal(JsonNode input, Map<String, String> headers) {
        Reply reply = calls.resilient(Target.DEALS.breakerName(), () -> calls.call(Target.DEALS, HttpMethod.POST,
                "/api/deals", input.get("request"), MediaType.APPLICATION_JSON_VALUE, headers));
        if (!reply.ok()) {
            throw new CallFailedException("deals-service refused the deal: " + reply.problem(), true, 1, null);
        }
        ObjectNode output = NODES.objectNode();
        output.put("dealId", reply.body().path("id").asString(null));
        output.put("status", reply.status());
        output.put("replayed", reply.replayed());
        return new Outcome.Done(output);
    }

    /** The triggering contact (as decision maker, with its company) or company a new deal is linked to. */
    private static void dealLinks(RunContext run, ObjectNode request) {
        if (run.record() == null) {
            throw new CallFailedException("create_deal needs a contact or company; the event names none", true, 0, null);
        }
        JsonNode record = run.facts().record();
        switch (run.record().type()) {
            case "contact" -> {
                request.putArray("contacts").addObject().put("contactId", run.record().id()).put("role", "decision_maker");
                JsonNode company = record.path("companyId").isString() ? record.path("companyId")
                        : run.event().data().path("contact").path("companyId");
                if (company.isString()) {
                    request.put("companyId", company.stringValue());
                }
            }
            case "company" -> request.put("companyId", run.record().id());
            default -> throw new CallFailedException("create_deal acts on contacts and companies, not "
                    + run.record().type() + " records", true, 0, null);
        }
    }

    private Outcome notify(JsonNode input, Step step, RunContext run) {
        List<String> recipients = new ArrayList<>();
        input.path("recipients").forEach(r -> recipients.add(r.asString()));
        ObjectNode output = NODES.objectNode();
        if (recipients.isEmpty()) {
            output.put("note", "nobody to notify");
            output.set("skipped", input.path("skipped"));
            return new Outcome.Done(output);
        }
        List<String> channels = new ArrayList<>();
        input.path("channels").forEach(c -> channels.add(c.asString()));
        String id = run.runId() + ":" + step.getIndex();
        try {
            store.save(NotificationRequest.create(id, run.ruleId(), run.ruleName(), run.runId(), step.getIndex(),
                    run.event().id(), recipients, channels, input.path("title").asString(),
                    input.path("body").isString() ? input.path("body").stringValue() : null,
                    input.path("subjectType").asString(null), input.path("subjectId").asString(null), clock.instant()));
            output.put("requested", true);
        } catch (DuplicateKeyException e) {
            output.put("requested", false); // requested by an earlier attempt of this step: nothing more to do
        }
        output.put("requestId", id);
        recipients.forEach(output.putArray("recipients")::add);
        if (input.has("skipped")) {
            output.set("skipped", input.get("skipped"));
        }
        return new Outcome.Done(output);
    }

    private Outcome moveStage(JsonNode input, RunContext run, Map<String, String> headers) {
        String stageId = input.path("stageId").asString();
        return conditional(run, headers, "move_stage", (current, version) -> {
            if (stageId.equals(current.path("stage").path("id").asString(null))) {
                return null;
            }
            return calls.call(Target.DEALS, HttpMethod.POST, Target.pathOf("deal", run.record().id()) + "/move",
                    NODES.objectNode().put("stageId", stageId), MediaType.APPLICATION_JSON_VALUE,
                    withVersion(headers, version));
        });
    }

    private Outcome changeOwner(String ownerId, RunContext run, Map<String, String> headers) {
        if ("task".equals(run.record().type())) {
            return conditional(run, headers, "change_owner", (current, version) -> {
                if (ownerId.equals(current.path("assigneeId").asString(null))) {
                    return null;
                }
                return calls.call(Target.TASKS, HttpMethod.POST, Target.pathOf("task", run.record().id()) + "/assign",
                        NODES.objectNode().put("assigneeId", ownerId), MediaType.APPLICATION_JSON_VALUE,
                        withVersion(headers, version));
            });
        }
        return change(run, headers, "change_owner", current ->
                ownerId.equals(current.path("ownerId").asString(null)) ? null : NODES.objectNode().put("ownerId", ownerId));
    }

    /** A JSON merge patch of the record, unless {@code patchFor} finds nothing to change (null). */
    private Outcome change(RunContext run, Map<String, String> headers, String what,
                           java.util.function.Function<JsonNode, JsonNode> patchFor) {
        return conditional(run, headers, what, (current, version) -> {
            JsonNode patch = patchFor.apply(current);
            if (patch == null) {
                return null;
            }
            Target target = Target.serving(run.record().type());
            return calls.call(target, HttpMethod.PATCH, Target.pathOf(run.record().type(), run.record().id()), patch,
                    ServiceCalls.MERGE_PATCH, withVersion(headers, version));
        });
    }

    /**
     * Reads the record and applies a change with {@code If-Match} of the version read. A concurrent change (409) is
     * read again; nothing left to change counts as done ({@code "unchanged": true}), which also makes a repeated
     * step harmless.
     */
    private Outcome conditional(RunContext run, Map<String, String> headers, String what, Change change) {
        if (run.record() == null) {
            throw new CallFailedException(what + " needs a record; the event names none", true, 0, null);
        }
        Target target = Target.serving(run.record().type());
        Reply result = calls.resilient(target.breakerName(), () -> {
            for (int attempt = 0; ; attempt++) {
                Reply current = records.read(run.record(), run.event().id());
                if (!current.ok()) {
                    throw new CallFailedException("reading " + run.record().type() + " " + run.record().id() + ": "
                            + current.problem(), true, 1, null);
                }
                Reply reply = change.apply(current.body(), current.version());
                if (reply == null) {
                    return current.withStatus(0);
                }
                if (reply.status() == 409 || reply.status() == 412) {
                    if (attempt < CONFLICT_RETRIES) {
                        continue; // changed meanwhile: read it again
                    }
                    throw new TransientCallException(run.record().type() + " " + run.record().id()
                            + " keeps changing: " + reply.problem());
                }
                if (!reply.ok()) {
                    throw new CallFailedException(what + " refused: " + reply.problem(), true, 1, null);
                }
                return reply;
            }
        });
        ObjectNode output = NODES.objectNode();
        if (result.status() == 0) {
            output.put("unchanged", true);
        } else {
            output.put("status", result.status());
            if (result.version() >= 0) {
                output.put("version", result.version());
            }
        }
        return new Outcome.Done(output);
    }

    @FunctionalInterface
    private interface Change {
        /** @return the reply of the change, or null when there is nothing to change */
        Reply apply(JsonNode current, long version);
    }

    private Outcome callWebhook(Action.CallWebhook webhook, JsonNode input, Map<String, String> headers) {
        Reply reply = calls.resilient("webhook:" + webhook.url().getHost(),
                () -> calls.webhook(webhook.url(), input.get("payload"), headers));
        if (!reply.ok()) {
            throw new CallFailedException("webhook " + webhook.url().getHost() + " refused: " + reply.problem(), true, 1, null);
        }
        return new Outcome.Done(NODES.objectNode().put("status", reply.status()));
    }

    /**
     * A conditional call carries the version it expects in its idempotency key: a replayed answer is only ever
     * that of the same request at the same version, and a re-read at a newer version is a new request.
     */
    private static Map<String, String> withVersion(Map<String, String> headers, long version) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.computeIfPresent(io.pulsecrm.platform.web.IdempotencyKeyFilter.HEADER, (k, key) -> key + ":v" + version);
        all.put("If-Match", "\"" + version + "\"");
        return all;
    }

    private static JsonNode mergePatch(String field, JsonNode value) {
        ObjectNode patch = NODES.objectNode();
        String[] parts = field.split("\\.");
        if (parts.length == 2) {
            patch.putObject(parts[0]).set(parts[1], value);
        } else {
            patch.set(field, value);
        }
        return patch;
    }

    /** The record ids a task about the trigger's record links to. */
    private static void links(RunContext run, ObjectNode request) {
        if (run.record() == null) {
            return;
        }
        JsonNode data = run.event().data();
        switch (run.record().type()) {
            case "contact" -> request.put("contactId", run.record().id());
            case "company" -> request.put("companyId", run.record().id());
            case "deal" -> {
                request.put("dealId", run.record().id());
                JsonNode company = data.path("deal").path("companyId");
                if (company.isString()) {
                    request.put("companyId", company.stringValue());
                }
            }
            case "task" -> {
                for (String link : new String[] {"contactId", "companyId", "dealId"}) {
                    JsonNode value = data.path("task").path(link);
                    if (value.isString()) {
                        request.put(link, value.stringValue());
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The user a recipient or assignee spec names for this run; a turn of a rotation is taken (not in dry runs). */
    private String person(Recipient recipient, String address, RunContext run) {
        return switch (recipient.kind()) {
            case USER -> recipient.userId();
            case OWNER -> {
                String owner = run.owner();
                if (owner == null) {
                    throw new CallFailedException("the " + (run.record() == null ? "event" : run.record().type())
                            + " has no owner", true, 0, null);
                }
                yield owner;
            }
            case MANAGER -> {
                String owner = run.owner();
                if (owner == null) {
                    throw new CallFailedException("the record has no owner, so no manager", true, 0, null);
                }
                yield directory.managerOf(owner).map(Member::id).orElseThrow(() ->
                        new CallFailedException("owner " + owner + " has no manager in the users directory", true, 0, null));
            }
            case ROUND_ROBIN -> {
                String key = run.ruleId() + ":" + address;
                List<String> members = roundRobin.teamMembers(recipient.team());
                String member = run.dryRun() ? roundRobin.peek(key, members) : roundRobin.next(key, members);
                if (member == null) {
                    throw new CallFailedException("team " + recipient.team() + " has nobody to take turns", true, 0, null);
                }
                yield member;
            }
        };
    }

    private static ObjectNode traced(ObjectNode output, List<String> trace) {
        if (!trace.isEmpty()) {
            trace.forEach(output.putArray("trace")::add);
        }
        return output;
    }

    private static String clip(String text, int max, String ifBlank) {
        if (text == null || text.isBlank()) {
            return ifBlank;
        }
        String clean = text.strip();
        return clean.length() > max ? clean.substring(0, max - 1) + "…" : clean;
    }

    public static String json(JsonNode node) {
        return JSON.writeValueAsString(node);
    }
}

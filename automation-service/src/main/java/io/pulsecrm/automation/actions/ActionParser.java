package io.pulsecrm.automation.actions;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.automation.conditions.Condition;
import io.pulsecrm.automation.conditions.ConditionParser;
import io.pulsecrm.automation.conditions.FieldPath;
import io.pulsecrm.automation.rules.RulePeople;
import io.pulsecrm.automation.rules.RuleProblem;
import tools.jackson.databind.JsonNode;

/**
 * Reads a rule's action list, collecting every problem with its JSON path ({@code actions[2].then[0].dueIn}).
 * Checks what can be known before running: types and their fields, durations, people and teams in the users
 * directory (a team rule names only its team), and that record actions fit the record types the trigger fires on.
 */
public final class ActionParser {

    public static final int MAX_ACTIONS = 50;
    public static final int MAX_NESTING = 5;
    public static final Duration MAX_DURATION = Duration.ofDays(365);
    static final Set<String> TASK_TYPES = Set.of("call", "meeting", "email", "todo", "deadline");
    static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    static final Set<String> CHANNELS = Set.of("in_app", "email");
    /** Fields that other actions (or nothing) change: update_field refuses them. */
    static final Set<String> PROTECTED_FIELDS = Set.of("id", "version", "createdAt", "updatedAt", "deletedAt",
            "ownerId", "assigneeId", "stage", "stageId", "status", "pipelineId", "tags");
    static final Map<String, Set<String>> KEYS = Map.ofEntries(
            Map.entry("create_task", Set.of("type", "title", "taskType", "description", "dueIn", "priority", "assignee")),
            Map.entry("create_deal", Set.of("type", "name", "pipelineId", "stageId", "amount", "currency", "owner")),
            Map.entry("notify", Set.of("type", "recipients", "channels", "title", "body")),
            Map.entry("update_field", Set.of("type", "field", "value")),
            Map.entry("move_stage", Set.of("type", "stageId")),
            Map.entry("change_owner", Set.of("type", "owner")),
            Map.entry("add_tag", Set.of("type", "tag")),
            Map.entry("webhook", Set.of("type", "url")),
            Map.entry("wait", Set.of("type", "duration")),
            Map.entry("wait_until", Set.of("type", "condition", "timeout", "checkEvery", "onTimeout")),
            Map.entry("branch", Set.of("type", "if", "then", "else")),
            Map.entry("stop", Set.of("type", "reason")));

    private final RulePeople people;
    private final String ruleTeam;
    private final Set<String> recordTypes;
    private final boolean webhooksAllowed;
    private final List<RuleProblem> problems;
    private int count;

    /**
     * @param recordTypes     the record types the trigger fires on (record actions must fit all of them)
     * @param webhooksAllowed whether the author may call external URLs (admins)
     */
    public ActionParser(RulePeople people, String ruleTeam, Set<String> recordTypes, boolean webhooksAllowed,
                        List<RuleProblem> problems) {
        this.people = people;
        this.ruleTeam = ruleTeam;
        this.recordTypes = recordTypes;
        this.webhooksAllowed = webhooksAllowed;
        this.problems = problems;
    }

    public static List<String> types() {
        return KEYS.keySet().stream().sorted().toList();
    }

    /** @return the actions (entries with problems left out) */
    public List<Action> parseList(JsonNode json, String path, boolean required, int depth) {
        if (json == null || json.isNull()) {
            if (required) {
                problems.add(new RuleProblem(path, "is required: a list of actions"));
            }
            return List.of();
        }
        if (!json.isArray() || (required && json.isEmpty())) {
            problems.add(new RuleProblem(path, required ? "must be a non-empty array of actions" : "must be an array of actions"));
            return List.of();
        }
        if (depth > MAX_NESTING) {
            problems.add(new RuleProblem(path, "branches nest deeper than " + MAX_NESTING + " levels"));
            return List.of();
        }
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            if (++count > MAX_ACTIONS) {
                problems.add(new RuleProblem(path + "[" + i + "]", "a rule has at most " + MAX_ACTIONS + " actions"));
                break;
            }
            Action action = parse(json.get(i), path + "[" + i + "]", depth);
            if (action != null) {
                actions.add(action);
            }
        }
        return List.copyOf(actions);
    }

    private Action parse(JsonNode json, String path, int depth) {
        if (json == null || !json.isObject()) {
            problems.add(new RuleProblem(path, "must be an object with a type"));
            return null;
        }
        JsonNode typeNode = json.path("type");
        String type = typeNode.isString() ? typeNode.stringValue() : null;
        if (type == null || !KEYS.containsKey(type)) {
            problems.add(new RuleProblem(path + ".type", (type == null ? "is required" : "unknown action type '"
                    + ConditionParser.safe(type) + "'") + "; one of " + types()));
            return null;
        }
        int before = problems.size();
        for (String key : json.propertyNames()) {
            if (!KEYS.get(type).contains(key)) {
                problems.add(new RuleProblem(path + "." + ConditionParser.safe(key), "unknown key for " + type
                        + "; expected " + KEYS.get(type).stream().sorted().toList()));
            }
        }
        Action action = switch (type) {
            case "create_task" -> createTask(json, path);
            case "create_deal" -> createDeal(json, path);
            case "notify" -> notify(json, path);
            case "update_field" -> updateField(json, path);
            case "move_stage" -> {
                recordAction(path, "move_stage", Set.of("deal"));
                String stage = text(json, "stageId", path, 100, true);
                yield stage == null ? null : new Action.MoveStage(stage);
            }
            case "change_owner" -> {
                recordAction(path, "change_owner", Set.of("contact", "company", "deal", "task"));
                Recipient owner = Recipient.parse(json.get("owner"), path + ".owner",
                        EnumSet.of(Recipient.Kind.USER, Recipient.Kind.ROUND_ROBIN, Recipient.Kind.MANAGER),
                        people, ruleTeam, problems);
                yield owner == null ? null : new Action.ChangeOwner(owner);
            }
            case "add_tag" -> {
                recordAction(path, "add_tag", Set.of("contact"));
                String tag = text(json, "tag", path, 50, true);
                yield tag == null ? null : new Action.AddTag(tag.strip().toLowerCase(java.util.Locale.ROOT));
            }
            case "webhook" -> webhook(json, path);
            case "wait" -> {
                Duration duration = duration(json, "duration", path, true);
                yield duration == null ? null : new Action.Wait(duration);
            }
            case "wait_until" -> waitUntil(json, path);
            case "branch" -> {
                Condition condition = ConditionParser.parse(json.get("if"), path + ".if", problems);
                List<Action> then = parseList(json.get("then"), path + ".then", false, depth + 1);
                List<Action> otherwise = parseList(json.get("else"), path + ".else", false, depth + 1);
                yield condition == null ? null : new Action.Branch(condition, then, otherwise);
            }
            case "stop" -> {
                String reason = json.has("reason") ? text(json, "reason", path, 500, false) : null;
                yield new Action.Stop(reason);
            }
            default -> null;
        };
        return problems.size() > before ? null : action;
    }

    private Action createTask(JsonNode json, String path) {
        Template title = template(json, "title", path, 200, false, true);
        String taskType = json.has("taskType") ? text(json, "taskType", path, 20, true) : "todo";
        if (taskType != null && !TASK_TYPES.contains(taskType)) {
            problems.add(new RuleProblem(path + ".taskType", "must be one of " + TASK_TYPES.stream().sorted().toList()));
        }
        Template description = json.has("description") ? template(json, "description", path, 5000, true, false) : null;
        Duration dueIn = json.has("dueIn") ? duration(json, "dueIn", path, false) : null;
        String priority = json.has("priority") ? text(json, "priority", path, 20, true) : null;
        if (priority != null && !PRIORITIES.contains(priority)) {
            problems.add(new RuleProblem(path + ".priority", "must be one of " + PRIORITIES.stream().sorted().toList()));
        }
        if ("meeting".equals(taskType) || "deadline".equals(taskType)) {
            if (dueIn == null) {
                problems.add(new RuleProblem(path + ".dueIn", "is required for " + taskType + " tasks"));
            }
        }
        JsonNode assigneeNode = json.get("assignee");
        Recipient assignee = assigneeNode == null ? new Recipient(Recipient.Kind.OWNER, null, null)
                : Recipient.parse(assigneeNode, path + ".assignee", EnumSet.of(Recipient.Kind.OWNER, Recipient.Kind.USER,
                Recipient.Kind.ROUND_ROBIN, Recipient.Kind.MANAGER), people, ruleTeam, problems);
        return title == null || assignee == null ? null
                : new Action.CreateTask(title, taskType, description, dueIn, priority, assignee);
    }

    /** Pipeline and stage are checked by deals-service when the deal is created (a refused step says why). */
    private Action createDeal(JsonNode json, String path) {
        recordAction(path, "create_deal", Set.of("contact", "company"));
        Template name = template(json, "name", path, 200, false, true);
        String pipelineId = text(json, "pipelineId", path, 100, true);
        String stageId = json.has("stageId") ? text(json, "stageId", path, 100, false) : null;
        String amount = null;
        String currency = null;
        if (json.has("amount") || json.has("currency")) {
            JsonNode value = json.get("amount");
            java.math.BigDecimal parsed = null;
            try {
                parsed = value != null && (value.isNumber() || value.isString()) ? new java.math.BigDecimal(value.asString()) : null;
            } catch (NumberFormatException e) {
                // reported below
            }
            if (parsed == null || parsed.signum() < 0 || parsed.compareTo(new java.math.BigDecimal("1000000000000")) > 0) {
                problems.add(new RuleProblem(path + ".amount", "must be a number from 0 to 1000000000000"));
            } else {
                amount = parsed.stripTrailingZeros().toPlainString();
            }
            currency = text(json, "currency", path, 3, true);
            if (currency != null && !currency.matches("[A-Z]{3}")) {
                problems.add(new RuleProblem(path + ".currency", "must be an ISO 4217 code such as EUR"));
            }
        }
        JsonNode ownerNode = json.get("owner");
        Recipient owner = ownerNode == null ? new Recipient(Recipient.Kind.OWNER, null, null)
                : Recipient.parse(ownerNode, path + ".owner", EnumSet.of(Recipient.Kind.OWNER, Recipient.Kind.USER,
                Recipient.Kind.ROUND_ROBIN, Recipient.Kind.MANAGER), people, ruleTeam, problems);
        return name == null || pipelineId == null || owner == null ? null
                : new Action.CreateDeal(name, pipelineId, stageId, amount, currency, owner);
    }

    private Action notify(JsonNode json, String path) {
        JsonNode list = json.path("recipients");
        List<Recipient> recipients = new ArrayList<>();
        if (!list.isArray() || list.isEmpty() || list.size() > 20) {
            problems.add(new RuleProblem(path + ".recipients", "must list 1 to 20 recipients, e.g. [{\"type\": \"owner\"}, {\"type\": \"manager\"}]"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                Recipient recipient = Recipient.parse(list.get(i), path + ".recipients[" + i + "]",
                        EnumSet.of(Recipient.Kind.OWNER, Recipient.Kind.MANAGER, Recipient.Kind.USER), people, ruleTeam, problems);
                if (recipient != null) {
                    recipients.add(recipient);
                }
            }
        }
        List<String> channels = new ArrayList<>();
        JsonNode channelNode = json.get("channels");
        if (channelNode == null) {
            channels.add("in_app");
        } else if (!channelNode.isArray() || channelNode.isEmpty()) {
            problems.add(new RuleProblem(path + ".channels", "must list in_app and/or email"));
        } else {
            for (int i = 0; i < channelNode.size(); i++) {
                JsonNode channel = channelNode.get(i);
                if (!channel.isString() || !CHANNELS.contains(channel.stringValue())) {
                    problems.add(new RuleProblem(path + ".channels[" + i + "]", "must be in_app or email"));
                } else if (!channels.contains(channel.stringValue())) {
                    channels.add(channel.stringValue());
                }
            }
        }
        Template title = template(json, "title", path, 200, false, true);
        Template body = json.has("body") ? template(json, "body", path, 2000, true, false) : null;
        return title == null ? null : new Action.Notify(List.copyOf(recipients), List.copyOf(channels), title, body);
    }

    private Action updateField(JsonNode json, String path) {
        recordAction(path, "update_field", Set.of("contact", "company", "deal", "task"));
        JsonNode fieldNode = json.path("field");
        FieldPath field = null;
        if (!fieldNode.isString() || !FieldPath.isValid(fieldNode.stringValue())
                || fieldNode.stringValue().contains("[") || fieldNode.stringValue().split("\\.").length > 2) {
            problems.add(new RuleProblem(path + ".field", "is required: a field name such as lifecycleStage or customFields.region"));
        } else if (PROTECTED_FIELDS.contains(fieldNode.stringValue().split("\\.")[0])) {
            problems.add(new RuleProblem(path + ".field", "cannot be set by update_field; use change_owner, move_stage or add_tag"));
        } else {
            field = FieldPath.parse(fieldNode.stringValue());
        }
        JsonNode value = json.get("value");
        if (value == null) {
            problems.add(new RuleProblem(path + ".value", "is required (null clears the field)"));
        } else if (value.isObject()) {
            problems.add(new RuleProblem(path + ".value", "must be a string, number, boolean, null or an array of those"));
        } else if (value.isArray() && java.util.stream.StreamSupport.stream(value.spliterator(), false).anyMatch(JsonNode::isContainer)) {
            problems.add(new RuleProblem(path + ".value", "must be an array of strings, numbers or booleans"));
        } else if (value.isString()) {
            Template.parse(value.stringValue(), path + ".value", 1000, true, problems);
        }
        return field == null || value == null ? null : new Action.UpdateField(field, value);
    }

    private Action webhook(JsonNode json, String path) {
        if (!webhooksAllowed) {
            problems.add(new RuleProblem(path + ".type", "only admins add webhook actions"));
            return null;
        }
        String url = text(json, "url", path, 2000, true);
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null || uri.getUserInfo() != null) {
                problems.add(new RuleProblem(path + ".url", "must be an http(s) URL with a host and no credentials"));
                return null;
            }
            return new Action.CallWebhook(uri);
        } catch (URISyntaxException e) {
            problems.add(new RuleProblem(path + ".url", "is not a URL"));
            return null;
        }
    }

    private Action waitUntil(JsonNode json, String path) {
        Condition condition = ConditionParser.parse(json.get("condition"), path + ".condition", problems);
        Duration timeout = duration(json, "timeout", path, true);
        Duration checkEvery = json.has("checkEvery") ? duration(json, "checkEvery", path, true) : null;
        boolean stop = false;
        if (json.has("onTimeout")) {
            String onTimeout = text(json, "onTimeout", path, 20, true);
            if (onTimeout != null && !Set.of("continue", "stop").contains(onTimeout)) {
                problems.add(new RuleProblem(path + ".onTimeout", "must be continue or stop"));
            }
            stop = "stop".equals(onTimeout);
        }
        return condition == null || timeout == null ? null : new Action.WaitUntil(condition, timeout, checkEvery, stop);
    }

    /** Actions on the trigger's record must fit every record type the trigger fires on. */
    private void recordAction(String path, String type, Set<String> fits) {
        for (String recordType : recordTypes) {
            if (!fits.contains(recordType)) {
                problems.add(new RuleProblem(path + ".type", type + " acts on " + fits.stream().sorted().toList()
                        + " records, but the trigger also fires for " + recordType + " events"));
                return;
            }
        }
    }

    private Template template(JsonNode json, String key, String path, int max, boolean multiline, boolean required) {
        JsonNode node = json.path(key);
        if (!node.isString() || node.stringValue().isBlank()) {
            if (required || !node.isMissingNode()) {
                problems.add(new RuleProblem(path + "." + key, "is required: text, optionally with {{merge.fields}}"));
            }
            return null;
        }
        return Template.parse(node.stringValue().strip(), path + "." + key, max, multiline, problems);
    }

    private String text(JsonNode json, String key, String path, int max, boolean required) {
        JsonNode node = json.path(key);
        if (!node.isString() || node.stringValue().isBlank()) {
            if (required || !node.isMissingNode()) {
                problems.add(new RuleProblem(path + "." + key, "is required"));
            }
            return null;
        }
        String value = node.stringValue().strip();
        if (value.length() > max) {
            problems.add(new RuleProblem(path + "." + key, "must be at most " + max + " characters"));
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            problems.add(new RuleProblem(path + "." + key, "must not contain control characters"));
            return null;
        }
        return value;
    }

    private Duration duration(JsonNode json, String key, String path, boolean positive) {
        JsonNode node = json.path(key);
        if (!node.isString()) {
            problems.add(new RuleProblem(path + "." + key, "is required: an ISO-8601 duration such as PT15M, PT4H or P2D"));
            return null;
        }
        try {
            Duration duration = Duration.parse(node.stringValue().strip().toUpperCase(java.util.Locale.ROOT));
            if (duration.isNegative() || positive && duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
                problems.add(new RuleProblem(path + "." + key, "must be " + (positive ? "more than zero" : "zero or more")
                        + " and at most P365D"));
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            problems.add(new RuleProblem(path + "." + key, "is not an ISO-8601 duration such as PT15M, PT4H or P2D"));
            return null;
        }
    }
}

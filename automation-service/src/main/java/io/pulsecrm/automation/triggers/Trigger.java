package io.pulsecrm.automation.triggers;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.pulsecrm.automation.conditions.ConditionParser;
import io.pulsecrm.automation.conditions.FieldPath;
import io.pulsecrm.automation.conditions.Values;
import io.pulsecrm.automation.rules.RuleProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * When a rule fires.
 * <ul>
 *   <li>{@code {"type": "event", "events": [...], "field"?, "from"?, "to"?}}: on events of the listed types,
 *       optionally only when the event really changed a field, from and/or to a value;</li>
 *   <li>{@code {"type": "date", "record": "deal", "field": "expectedCloseDate", "offset": "-P3D", "at": "09:00",
 *       "annually": false}}: once per record when its date field plus the offset (at that UTC time of day) is
 *       reached; {@code annually} every year (birthdays). The field is a built-in one ({@link #DATE_FIELDS}) or a
 *       custom date field {@code customFields.<key>} of the records whose events carry custom fields;</li>
 *   <li>{@code {"type": "schedule", "cron": "0 0 9 * * MON-FRI", "record": "deal", "zone": "Europe/Berlin"}}: at
 *       every tick of the cron expression, once for each record of the type that meets the rule's conditions
 *       (the segment).</li>
 * </ul>
 */
public record Trigger(Kind kind, List<String> events, FieldPath field, JsonNode from, JsonNode to, Time time) {

    public enum Kind { EVENT, DATE, SCHEDULE }

    /**
     * A time trigger's settings.
     *
     * @param record   the record type it runs over
     * @param field    the date field (date triggers): built-in, or {@code customFields.<key>}
     * @param offset   added to the date (negative: before it)
     * @param at       time of day (UTC) of a date-only field
     * @param annually every year on the date's month and day
     * @param cron     Spring cron expression, six fields with seconds (schedule triggers)
     * @param zone     zone the cron expression is read in
     */
    public record Time(String record, String field, Duration offset, LocalTime at, boolean annually, String cron,
                       String zone) {
    }

    public static final String EVENT = "event";
    /** Date fields a date trigger may watch, per record type (the read model keeps them). */
    public static final Map<String, List<String>> DATE_FIELDS = Map.of(
            "deal", List.of("expectedCloseDate", "createdAt", "stageEnteredAt"),
            "contact", List.of("birthday", "createdAt"),
            "company", List.of("createdAt"),
            "task", List.of("dueAt", "createdAt"));
    /** Prefix of a custom date field: {@code customFields.contractRenewal}. */
    public static final String CUSTOM_FIELDS = "customFields.";
    /** Record types whose events carry {@code customFields} (task events carry none). */
    public static final List<String> CUSTOM_FIELD_RECORDS = List.of("company", "contact", "deal");
    /**
     * A custom field key as the owning services allow it: contacts-service {@code [a-z][a-zA-Z0-9_]{0,39}},
     * deals-service {@code [A-Za-z][A-Za-z0-9_]{0,49}}; the wider of the two.
     */
    public static final Pattern CUSTOM_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,49}");
    private static final Set<String> EVENT_KEYS = Set.of("type", "events", "field", "from", "to");
    private static final Set<String> DATE_KEYS = Set.of("type", "record", "field", "offset", "at", "annually");
    private static final Set<String> SCHEDULE_KEYS = Set.of("type", "record", "cron", "zone");
    public static final int MAX_EVENTS = 20;

    public boolean matches(TriggerEvent event, Changes changes) {
        if (kind != Kind.EVENT || !events.contains(event.type())) {
            return false;
        }
        if (field == null) {
            return true;
        }
        return changes.find(field.text())
                .filter(change -> from == null || Values.equal(change.from(), from))
                .filter(change -> to == null || Values.equal(change.to(), to))
                .isPresent();
    }

    /** Why it matched or not, for dry runs. */
    public String explain(TriggerEvent event, Changes changes) {
        if (kind != Kind.EVENT) {
            return "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " trigger: it fires by time, not on events";
        }
        if (!events.contains(event.type())) {
            return "event type " + event.type() + " is not one of " + events;
        }
        if (field == null) {
            return "event type " + event.type() + " matches";
        }
        var change = changes.find(field.text());
        if (change.isEmpty()) {
            return "the event did not change " + field.text();
        }
        String seen = field.text() + " changed from " + Values.text(change.get().from()) + " to " + Values.text(change.get().to());
        return (matches(event, changes) ? "matches: " : "no match: ") + seen;
    }

    /** The record types the trigger's runs are about (what record actions may act on). */
    public Set<String> recordTypes() {
        if (kind != Kind.EVENT) {
            return Set.of(time.record());
        }
        Set<String> types = new LinkedHashSet<>();
        events.forEach(type -> types.add(EventCatalog.recordTypeOf(type)));
        return types;
    }

    public JsonNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", kind.name().toLowerCase(java.util.Locale.ROOT));
        switch (kind) {
            case EVENT -> {
                events.forEach(json.withArray("events")::add);
                if (field != null) {
                    json.put("field", field.text());
                }
                if (from != null) {
                    json.set("from", from);
                }
                if (to != null) {
                    json.set("to", to);
                }
            }
            case DATE -> {
                json.put("record", time.record());
                json.put("field", time.field());
                json.put("offset", time.offset().toString());
                json.put("at", time.at().toString());
                json.put("annually", time.annually());
            }
            case SCHEDULE -> {
                json.put("record", time.record());
                json.put("cron", time.cron());
                json.put("zone", time.zone());
            }
        }
        return json;
    }

    /** @return the trigger, or null when there were problems (added to {@code problems}) */
    public static Trigger parse(JsonNode json, EventCatalog catalog, List<RuleProblem> problems) {
        String path = "trigger";
        if (json == null || !json.isObject()) {
            problems.add(new RuleProblem(path, "is required: {\"type\": \"event\", \"events\": [...]}"));
            return null;
        }
        JsonNode type = json.path("type");
        String typeName = type.isString() ? type.stringValue() : null;
        if ("date".equals(typeName)) {
            return date(json, path, problems);
        }
        if ("schedule".equals(typeName)) {
            return schedule(json, path, problems);
        }
        if (!EVENT.equals(typeName)) {
            problems.add(new RuleProblem(path + ".type", (type.isMissingNode() ? "is required" : "unknown trigger type '"
                    + ConditionParser.safe(type.isString() ? type.stringValue() : type.toString()) + "'")
                    + "; one of [event, date, schedule]"));
            return null;
        }
        int before = problems.size();
        unknownKeys(json, EVENT_KEYS, path, problems);
        JsonNode eventsNode = json.path("events");
        List<String> events = new ArrayList<>();
        if (!eventsNode.isArray() || eventsNode.isEmpty() || eventsNode.size() > MAX_EVENTS) {
            problems.add(new RuleProblem(path + ".events", "must list 1 to " + MAX_EVENTS + " event types, e.g. pulse.deal.stage_changed.v1"));
        } else {
            for (int i = 0; i < eventsNode.size(); i++) {
                JsonNode event = eventsNode.get(i);
                if (!event.isString() || !catalog.supports(event.stringValue())) {
                    problems.add(new RuleProblem(path + ".events[" + i + "]", "unknown trigger event type '"
                            + ConditionParser.safe(event.isString() ? event.stringValue() : event.toString())
                            + "'; see GET /api/automation/catalog"));
                } else if (!events.contains(event.stringValue())) {
                    events.add(event.stringValue());
                }
            }
        }
        FieldPath field = null;
        JsonNode fieldNode = json.get("field");
        if (fieldNode != null) {
            if (!fieldNode.isString() || !FieldPath.isValid(fieldNode.stringValue())) {
                problems.add(new RuleProblem(path + ".field", "must be a field path such as stage.name or lifecycleStage"));
            } else {
                field = FieldPath.parse(fieldNode.stringValue());
            }
        }
        JsonNode from = scalar(json.get("from"), path + ".from", problems);
        JsonNode to = scalar(json.get("to"), path + ".to", problems);
        if ((from != null || to != null) && fieldNode == null) {
            problems.add(new RuleProblem(path + ".field", "is required with from / to"));
        }
        return problems.size() > before ? null : new Trigger(Kind.EVENT, List.copyOf(events), field, from, to, null);
    }

    private static Trigger date(JsonNode json, String path, List<RuleProblem> problems) {
        int before = problems.size();
        unknownKeys(json, DATE_KEYS, path, problems);
        String record = recordType(json, path, problems);
        String field = json.path("field").isString() ? json.path("field").stringValue() : null;
        String fieldProblem = record == null ? null : dateFieldProblem(record, field);
        if (fieldProblem != null) {
            problems.add(new RuleProblem(path + ".field", fieldProblem));
        }
        Duration offset = Duration.ZERO;
        if (json.has("offset")) {
            try {
                offset = Duration.parse(json.path("offset").asString("").strip().toUpperCase(java.util.Locale.ROOT));
                if (offset.abs().compareTo(Duration.ofDays(365)) > 0) {
                    problems.add(new RuleProblem(path + ".offset", "must be at most a year either way"));
                }
            } catch (DateTimeParseException e) {
                problems.add(new RuleProblem(path + ".offset", "must be an ISO-8601 duration such as -P3D or PT9H"));
            }
        }
        LocalTime at = LocalTime.MIDNIGHT;
        if (json.has("at")) {
            try {
                at = LocalTime.parse(json.path("at").asString(""));
            } catch (DateTimeParseException e) {
                problems.add(new RuleProblem(path + ".at", "must be a time of day (UTC) such as 09:00"));
            }
        }
        JsonNode annually = json.get("annually");
        if (annually != null && !annually.isBoolean()) {
            problems.add(new RuleProblem(path + ".annually", "must be true or false"));
        }
        return problems.size() > before ? null : new Trigger(Kind.DATE, List.of(), null, null, null,
                new Time(record, field, offset, at, annually != null && annually.booleanValue(), null, null));
    }

    /** The custom field key a date field names ({@code customFields.renewal}: {@code renewal}), null for a built-in one. */
    public static String customKey(String field) {
        return field != null && field.startsWith(CUSTOM_FIELDS) ? field.substring(CUSTOM_FIELDS.length()) : null;
    }

    /** Why {@code field} is no date field of the record type, or null when it is one. */
    private static String dateFieldProblem(String record, String field) {
        List<String> builtIn = DATE_FIELDS.get(record);
        boolean custom = CUSTOM_FIELD_RECORDS.contains(record);
        String key = customKey(field);
        if (key == null) {
            return field != null && builtIn.contains(field) ? null : "must be one of the " + record + " date fields "
                    + builtIn + (custom ? " or a custom date field customFields.<key>" : "");
        }
        if (!custom) {
            return record + " records carry no custom fields; one of the " + record + " date fields " + builtIn;
        }
        // the key is never echoed: it is the author's text
        return CUSTOM_KEY.matcher(key).matches() ? null : "must name a custom field key after customFields.: a letter, "
                + "then letters, digits or _ (at most 50 in all), e.g. customFields.contractRenewal";
    }

    private static Trigger schedule(JsonNode json, String path, List<RuleProblem> problems) {
        int before = problems.size();
        unknownKeys(json, SCHEDULE_KEYS, path, problems);
        String record = recordType(json, path, problems);
        String cron = json.path("cron").isString() ? json.path("cron").stringValue().strip() : null;
        if (cron == null || cron.split("\\s+").length != 6 || cron.length() > 200) {
            problems.add(new RuleProblem(path + ".cron", "must be a cron expression with six fields (second minute hour day month weekday), e.g. 0 0 9 * * MON-FRI"));
        }
        String zone = json.has("zone") ? json.path("zone").asString("") : "UTC";
        try {
            ZoneId.of(zone);
        } catch (RuntimeException e) {
            problems.add(new RuleProblem(path + ".zone", "is not a time zone id such as Europe/Berlin"));
        }
        return problems.size() > before ? null : new Trigger(Kind.SCHEDULE, List.of(), null, null, null,
                new Time(record, null, Duration.ZERO, LocalTime.MIDNIGHT, false, cron, zone));
    }

    private static String recordType(JsonNode json, String path, List<RuleProblem> problems) {
        JsonNode record = json.path("record");
        if (!record.isString() || !DATE_FIELDS.containsKey(record.stringValue())) {
            problems.add(new RuleProblem(path + ".record", "must be one of " + DATE_FIELDS.keySet().stream().sorted().toList()));
            return null;
        }
        return record.stringValue();
    }

    private static void unknownKeys(JsonNode json, Set<String> keys, String path, List<RuleProblem> problems) {
        for (String key : json.propertyNames()) {
            if (!keys.contains(key)) {
                problems.add(new RuleProblem(path + "." + ConditionParser.safe(key), "unknown key; this trigger has "
                        + keys.stream().sorted().toList()));
            }
        }
    }

    private static JsonNode scalar(JsonNode value, String path, List<RuleProblem> problems) {
        if (value == null) {
            return null;
        }
        if (value.isContainer() || value.isString() && value.stringValue().length() > ConditionParser.MAX_TEXT) {
            problems.add(new RuleProblem(path, "must be a string, number, boolean or null"));
            return null;
        }
        return value;
    }
}

package io.pulsecrm.automation.schedules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import io.pulsecrm.automation.AutomationProperties;
import io.pulsecrm.automation.actions.Contexts;
import io.pulsecrm.automation.rules.Rule;
import io.pulsecrm.automation.rules.RuleDefinition;
import io.pulsecrm.automation.rules.Rules;
import io.pulsecrm.automation.triggers.RecordRef;
import io.pulsecrm.automation.triggers.Trigger;
import io.pulsecrm.automation.triggers.TriggerEvent;
import io.pulsecrm.automation.triggers.TriggerHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fires time triggers from the record read model ({@link RecordSnapshots}), on one replica at a time.
 * <ul>
 *   <li>Date triggers: records whose date field (built-in or a custom date field) plus the offset (at the rule's
 *       time of day) came due since the last moments looked at; yearly ones by month and day (a 29 February date
 *       falls on 28 February in other years).</li>
 *   <li>Schedules: at each cron tick, every live record of the type that meets the rule's conditions.</li>
 * </ul>
 * Each firing is a run like any other, with an id derived from rule, record and moment
 * ({@code <ruleId>:date:deal:<id>:expectedCloseDate:2026-11-25}, {@code <ruleId>:schedule:<tick>:deal:<id>}), so
 * a repeated pass or an overlapping replica never fires twice. Only moments after the rule became active and
 * within {@code schedules.max-lateness} are fired.
 */
@Component
public class TimeTriggers {

    private static final Logger log = LoggerFactory.getLogger(TimeTriggers.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String STATE = "schedule_state";

    private final Rules rules;
    private final RecordSnapshots records;
    private final TriggerHandler handler;
    private final Contexts contexts;
    private final MongoTemplate mongo;
    private final AutomationProperties.Schedules properties;
    private final Clock clock;

    TimeTriggers(Rules rules, RecordSnapshots records, TriggerHandler handler, Contexts contexts, MongoTemplate mongo,
                 AutomationProperties properties, Clock clock) {
        this.rules = rules;
        this.records = records;
        this.handler = handler;
        this.contexts = contexts;
        this.mongo = mongo;
        this.properties = properties.schedules();
        this.clock = clock;
    }

    /** One pass over every enabled time-triggered rule; returns the runs started. */
    public int fireDue() {
        Instant now = clock.instant();
        int started = 0;
        for (Rule rule : rules.timeTriggered()) {
            try {
                RuleDefinition definition = rules.definition(rule);
                Instant since = rule.getActiveSince() == null ? now : rule.getActiveSince();
                if (since.isBefore(now.minus(properties.maxLateness()))) {
                    since = now.minus(properties.maxLateness());
                }
                started += switch (definition.trigger().kind()) {
                    case DATE -> dates(rule, definition, since, now);
                    case SCHEDULE -> schedule(rule, definition, since, now);
                    case EVENT -> 0;
                };
            } catch (RuntimeException e) {
                log.warn("Time trigger of rule {} failed this pass: {}", rule.getId(), e.toString());
            }
        }
        return started;
    }

    private int dates(Rule rule, RuleDefinition definition, Instant since, Instant now) {
        Trigger.Time time = definition.trigger().time();
        boolean dateOnly = RecordSnapshots.isDateOnly(time.field());
        // due = value (its day's start for dates, plus the time of day) + offset: so value = due - offset - at
        Duration shift = time.offset().plus(dateOnly ? Duration.ofSeconds(time.at().toSecondOfDay()) : Duration.ZERO);
        int started = 0;
        if (!time.annually()) {
            for (Document row : records.withDateBetween(time.record(), time.field(), since.minus(shift), now.minus(shift))) {
                Instant value = RecordSnapshots.dateOf(row, time.field());
                String occurrence = dateOnly ? LocalDate.ofInstant(value, ZoneOffset.UTC).toString() : value.toString();
                started += fire(rule, definition, row, "date:" + time.field() + ":" + occurrence, value.plus(shift), time);
            }
            return started;
        }
        LocalDate first = LocalDate.ofInstant(since.minus(shift), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(now.minus(shift), ZoneOffset.UTC);
        for (LocalDate day = first; !day.isAfter(last) && !day.isAfter(first.plusDays(400)); day = day.plusDays(1)) {
            Instant due = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(shift);
            if (due.isBefore(since) || due.isAfter(now)) {
                continue;
            }
            List<String> monthDays = new ArrayList<>(List.of(monthDay(day)));
            if (day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear()) {
                monthDays.add("02-29");
            }
            for (Document row : records.withMonthDayIn(time.record(), time.field(), monthDays)) {
                started += fire(rule, definition, row, "date:" + time.field() + ":" + day, due, time);
            }
        }
        return started;
    }

    private int schedule(Rule rule, RuleDefinition definition, Instant since, Instant now) {
        Trigger.Time time = definition.trigger().time();
        CronExpression cron = CronExpression.parse(time.cron());
        ZoneId zone = ZoneId.of(time.zone());
        Document state = mongo.findById(rule.getId(), Document.class, STATE);
        Instant from = state == null ? since : ((Date) state.get("lastTick")).toInstant();
        if (from.isBefore(since)) {
            from = since;
        }
        // the latest tick due now; missed earlier ones are not caught up (one catch-up run per record at most)
        ZonedDateTime tick = null;
        ZonedDateTime next = cron.next(from.atZone(zone));
        for (int i = 0; next != null && !next.toInstant().isAfter(now) && i < 10_000; i++) {
            tick = next;
            next = cron.next(next);
        }
        if (tick == null) {
            return 0;
        }
        Instant at = tick.toInstant();
        int[] started = {0};
        try (var rows = records.all(time.record())) {
            rows.forEach(row -> started[0] += fire(rule, definition, row, "schedule:" + at.getEpochSecond(), at, time));
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(rule.getId())),
                new Update().set("lastTick", Date.from(at)), STATE);
        return started[0];
    }

    /** A run of the rule for one record at one moment, unless its conditions say no (or it exists already). */
    private int fire(Rule rule, RuleDefinition definition, Document row, String moment, Instant due, Trigger.Time time) {
        String type = row.getString("type");
        String id = row.getString("recordId");
        JsonNode snapshot = JSON.readTree(row.getString("snapshot"));
        ObjectNode data = JSON.createObjectNode();
        data.set(type, snapshot);
        data.put("trigger", definition.trigger().kind().name().toLowerCase(java.util.Locale.ROOT));
        if (time.field() != null) {
            data.put("field", time.field());
        }
        data.put("due", due.toString());
        String eventId = moment.startsWith("schedule:") ? moment + ":" + type + ":" + id : moment.replaceFirst("^date:",
                "date:" + type + ":" + id + ":");
        String eventType = "pulse." + type + "." + (moment.startsWith("schedule:") ? "schedule_tick" : "date_reached") + ".v1";
        TriggerEvent event = new TriggerEvent(eventId, eventType, "/pulse/automation-service", id, due,
                "system:automation-time-triggers", null, null, data);
        RecordRef record = new RecordRef(type, id, row.getString("ownerId"));
        return handler.start(rule, definition, event, record, contexts.facts(event, record), 1) ? 1 : 0;
    }

    private static String monthDay(LocalDate day) {
        return "%02d-%02d".formatted(day.getMonthValue(), day.getDayOfMonth());
    }
}

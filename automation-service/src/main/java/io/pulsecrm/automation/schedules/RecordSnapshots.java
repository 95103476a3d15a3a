package io.pulsecrm.automation.schedules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.automation.triggers.RecordRef;
import io.pulsecrm.automation.triggers.Trigger;
import io.pulsecrm.automation.triggers.TriggerEvent;
import io.pulsecrm.platform.consumer.ReadModelUpserts;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import jakarta.annotation.PostConstruct;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Automation's read model of contacts, companies, deals and tasks, built from their events: what time triggers
 * run over (records whose date comes up, the segment of a schedule). Each row holds the record's latest snapshot
 * (JSON text), its owner and its date fields ({@code dates.<field>} as instants, {@code monthDays.<field>} as
 * {@code MM-dd} for yearly dates), moved forward only by a newer {@code aggregateversion} (ReadModelUpserts), so
 * redelivery and reordering change nothing. Deleted and erased records become tombstones. Consumer group
 * {@code <group>-records}, apart from the trigger listener's.
 * <p>
 * Custom fields holding a date ({@code yyyy-MM-dd}) are kept as {@code customDates: [{key, date, monthDay}]}: an
 * array, since the keys are the admins' (one index serves every key, and a key is only ever a value, never a
 * path). Each row is replaced whole, so a custom date removed from the record, or no longer a date, is gone. A
 * watched custom field ({@link WatchedDateFields}) holding something else is skipped with a warning and
 * {@code pulse.automation.date_triggers.skipped}, never retried: the record is fine, the rule just cannot use it.
 */
@Component
public class RecordSnapshots {

    static final String COLLECTION = "record_snapshots";
    static final String CUSTOM_DATES = "customDates";
    /** Built-in date-only fields, read as the start of their day (UTC); custom date fields are date-only too. */
    private static final java.util.Set<String> DATE_ONLY = java.util.Set.of("expectedCloseDate", "birthday");
    /** More custom dates than this on one record are not kept (the services allow far fewer fields). */
    private static final int MAX_CUSTOM_DATES = 200;
    private static final Logger log = LoggerFactory.getLogger(RecordSnapshots.class);

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final MongoTemplate mongo;
    private final ReadModelUpserts upserts;
    private final WatchedDateFields watched;
    private final MeterRegistry meters;

    RecordSnapshots(MongoTemplate mongo, ReadModelUpserts upserts, WatchedDateFields watched, MeterRegistry meters) {
        this.mongo = mongo;
        this.upserts = upserts;
        this.watched = watched;
        this.meters = meters;
    }

    /** Whether the field holds a date without a time of day (fired at the trigger's time of day, UTC). */
    static boolean isDateOnly(String field) {
        return DATE_ONLY.contains(field) || Trigger.customKey(field) != null;
    }

    @PostConstruct
    void createIndexes() {
        var indexes = mongo.indexOps(COLLECTION);
        indexes.createIndex(new Index().on("type", Sort.Direction.ASC).on("deleted", Sort.Direction.ASC));
        Trigger.DATE_FIELDS.forEach((type, fields) -> fields.forEach(field -> {
            indexes.createIndex(new Index().on("dates." + field, Sort.Direction.ASC));
            if (DATE_ONLY.contains(field)) {
                indexes.createIndex(new Index().on("monthDays." + field, Sort.Direction.ASC));
            }
        }));
        for (String value : List.of("date", "monthDay")) {
            indexes.createIndex(new Index().on(CUSTOM_DATES + ".key", Sort.Direction.ASC)
                    .on(CUSTOM_DATES + "." + value, Sort.Direction.ASC));
        }
    }

    @KafkaListener(id = "automation-records", groupId = "${spring.kafka.consumer.group-id}-records",
            topics = {"pulse.contacts.contact.v1", "pulse.contacts.company.v1", "pulse.deals.deal.v1", "pulse.tasks.task.v1"})
    void onEvent(String record) {
        apply(EventJson.read(record));
    }

    void apply(EventEnvelope event) {
        String type = TriggerEvent.aggregateOf(event.type());
        if (!Trigger.DATE_FIELDS.containsKey(type)) {
            return;
        }
        String what = event.type().split("\\.")[2];
        long version = Math.max(event.aggregateVersion(), 1);
        if (what.equals("deleted") || what.equals("erased")) {
            // an erasure keeps nothing and is final: the highest version, so no late event brings data back
            upserts.upsertIfNewer(COLLECTION, type + ":" + event.subject(), what.equals("erased") ? Long.MAX_VALUE : version,
                    new Document("type", type).append("recordId", event.subject()).append("deleted", true));
            return;
        }
        JsonNode snapshot = event.data().path(type);
        if (!snapshot.isObject()) {
            return;
        }
        String id = snapshot.path("id").isString() ? snapshot.path("id").stringValue() : event.subject();
        Document dates = new Document();
        Document monthDays = new Document();
        for (String field : Trigger.DATE_FIELDS.get(type)) {
            JsonNode value = snapshot.path(field);
            Instant at = value.isString() ? instant(value.stringValue(), DATE_ONLY.contains(field)) : null;
            if (at != null) {
                dates.append(field, Date.from(at));
                if (DATE_ONLY.contains(field)) {
                    monthDays.append(field, value.stringValue().substring(5, 10));
                }
            }
        }
        upserts.upsertIfNewer(COLLECTION, type + ":" + id, version, new Document("type", type).append("recordId", id)
                .append("ownerId", RecordRef.ownerOf(type, snapshot)).append("deleted", false)
                .append("snapshot", JSON.writeValueAsString(snapshot)).append("dates", dates)
                .append("monthDays", monthDays).append(CUSTOM_DATES, customDates(type, id, snapshot)));
    }

    /** The record's custom fields that hold a date, as {@code {key, date, monthDay}}. */
    private List<Document> customDates(String type, String id, JsonNode snapshot) {
        JsonNode fields = snapshot.path("customFields");
        if (!Trigger.CUSTOM_FIELD_RECORDS.contains(type) || !fields.isObject()) {
            return List.of();
        }
        List<Document> dates = new java.util.ArrayList<>();
        for (var entry : fields.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (!Trigger.CUSTOM_KEY.matcher(key).matches() || value.isNull() || dates.size() >= MAX_CUSTOM_DATES) {
                continue;
            }
            LocalDate date = value.isString() ? localDate(value.stringValue()) : null;
            if (date != null) {
                dates.add(new Document("key", key)
                        .append("date", Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant()))
                        .append("monthDay", value.stringValue().substring(5, 10)));
            } else if (watched.watches(type, key)) {
                // logged once per event, without the value (it may be personal data)
                String kind = value.isString() ? "text" : value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
                log.warn("{} {}: customFields.{} holds {}, not a date (yyyy-MM-dd); date rules on it skip the record",
                        type, id, key, kind);
                meters.counter("pulse.automation.date_triggers.skipped", "record", type, "reason", "not_a_date").increment();
            }
        }
        return dates;
    }

    /** The instant of a row's date field, built-in or custom; null when the row has none. */
    static Instant dateOf(Document row, String field) {
        String key = Trigger.customKey(field);
        if (key == null) {
            Object date = row.get("dates", Document.class).get(field);
            return date == null ? null : ((Date) date).toInstant();
        }
        return row.getList(CUSTOM_DATES, Document.class, List.of()).stream()
                .filter(d -> key.equals(d.getString("key")))
                .findFirst().map(d -> d.getDate("date").toInstant()).orElse(null);
    }

    /** Live rows of a type whose date field (built-in or {@code customFields.<key>}) lies in [from, to]. */
    public List<Document> withDateBetween(String type, String field, Instant from, Instant to) {
        String key = Trigger.customKey(field);
        Criteria date = key == null ? Criteria.where("dates." + field).gte(Date.from(from)).lte(Date.from(to))
                : Criteria.where(CUSTOM_DATES).elemMatch(Criteria.where("key").is(key)
                        .and("date").gte(Date.from(from)).lte(Date.from(to)));
        return live(type, date);
    }

    /** Live rows of a type whose date-only field falls on one of these month-days ({@code MM-dd}). */
    public List<Document> withMonthDayIn(String type, String field, List<String> monthDays) {
        String key = Trigger.customKey(field);
        Criteria monthDay = key == null ? Criteria.where("monthDays." + field).in(monthDays)
                : Criteria.where(CUSTOM_DATES).elemMatch(Criteria.where("key").is(key).and("monthDay").in(monthDays));
        return live(type, monthDay);
    }

    private List<Document> live(String type, Criteria criteria) {
        return mongo.find(Query.query(new Criteria().andOperator(Criteria.where("type").is(type).and("deleted").is(false),
                criteria)), Document.class, COLLECTION);
    }

    /** Every live row of a type (a schedule's segment is decided by the rule's conditions). */
    public java.util.stream.Stream<Document> all(String type) {
        return mongo.stream(Query.query(Criteria.where("type").is(type).and("deleted").is(false)), Document.class,
                COLLECTION);
    }

    /** A date-only value ({@code yyyy-MM-dd}, nothing more), null otherwise. */
    private static LocalDate localDate(String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant instant(String text, boolean dateOnly) {
        try {
            if (dateOnly || text.length() == 10) {
                return LocalDate.parse(text.substring(0, 10)).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }
}

package io.pulsecrm.automation.schedules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;

import io.pulsecrm.automation.triggers.RecordRef;
import io.pulsecrm.automation.triggers.Trigger;
import io.pulsecrm.automation.triggers.TriggerEvent;
import io.pulsecrm.platform.consumer.ReadModelUpserts;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import jakarta.annotation.PostConstruct;
import org.bson.Document;
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
 */
@Component
public class RecordSnapshots {

    static final String COLLECTION = "record_snapshots";
    /** Date-only fields, read as the start of their day (UTC). */
    static final java.util.Set<String> DATE_ONLY = java.util.Set.of("expectedCloseDate", "birthday");

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final MongoTemplate mongo;
    private final ReadModelUpserts upserts;

    RecordSnapshots(MongoTemplate mongo, ReadModelUpserts upserts) {
        this.mongo = mongo;
        this.upserts = upserts;
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
                .append("monthDays", monthDays));
    }

    /** Live rows of a type whose date field lies in [from, to]. */
    public List<Document> withDateBetween(String type, String field, Instant from, Instant to) {
        return mongo.find(Query.query(Criteria.where("type").is(type).and("deleted").is(false)
                .and("dates." + field).gte(Date.from(from)).lte(Date.from(to))), Document.class, COLLECTION);
    }

    /** Live rows of a type whose date-only field falls on one of these month-days ({@code MM-dd}). */
    public List<Document> withMonthDayIn(String type, String field, List<String> monthDays) {
        return mongo.find(Query.query(Criteria.where("type").is(type).and("deleted").is(false)
                .and("monthDays." + field).in(monthDays)), Document.class, COLLECTION);
    }

    /** Every live row of a type (a schedule's segment is decided by the rule's conditions). */
    public java.util.stream.Stream<Document> all(String type) {
        return mongo.stream(Query.query(Criteria.where("type").is(type).and("deleted").is(false)), Document.class,
                COLLECTION);
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

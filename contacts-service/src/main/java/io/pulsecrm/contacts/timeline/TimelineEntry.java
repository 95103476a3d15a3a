package io.pulsecrm.contacts.timeline;

import java.time.Instant;
import java.util.List;

import io.pulsecrm.contacts.timeline.TimelineEvents.ActivityLogged;
import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.aggregate.AggregateRoot;
import io.pulsecrm.platform.events.Ids;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One entry of a contact's or company's timeline: an activity logged through the API or imported (note, call, meeting,
 * email; published as pulse.activity.logged.v1), or something another service reported (a task
 * completed, a deal created, moved, won or lost), stored under an id derived from that event's id so a
 * redelivery cannot add it twice.
 */
@Document(TimelineEntry.COLLECTION)
@Aggregate(type = "activity", topic = TimelineEntry.TOPIC)
@CompoundIndexes({
        @CompoundIndex(name = "contact_timeline", def = "{'contactIds': 1, 'occurredAt': -1, '_id': -1}"),
        @CompoundIndex(name = "company_timeline", def = "{'companyIds': 1, 'occurredAt': -1, '_id': -1}")
})
public class TimelineEntry extends AggregateRoot {

    public static final String COLLECTION = "timeline";
    public static final String TOPIC = "pulse.contacts.activity.v1";

    private String kind;
    private List<String> contactIds;
    private List<String> companyIds;
    private Instant occurredAt;
    private String subject;
    private String body;
    private String direction;
    private Integer durationSeconds;
    private String outcome;
    private String recordingUrl;
    private Instant endsAt;
    private String location;
    private String sourceType;
    private String sourceId;
    private String loggedBy;

    protected TimelineEntry() {
        // for the object mapper
    }

    private TimelineEntry(String id, Instant now, String kind, List<String> contactIds, List<String> companyIds,
                          Instant occurredAt, String sourceType, String sourceId) {
        super(id, now);
        this.kind = kind;
        this.contactIds = List.copyOf(contactIds);
        this.companyIds = List.copyOf(companyIds);
        this.occurredAt = occurredAt;
        this.sourceType = sourceType;
        this.sourceId = sourceId;
    }

    /**
     * An activity logged on a contact through the API; {@code companyId} is the contact's company at that time,
     * {@code loggedBy} the person who logged it (null for a public web form).
     */
    public static TimelineEntry logged(ActivityInput input, String contactId, String companyId, String loggedBy, Instant now) {
        return activity(Ids.newId(), input, contactId, companyId, loggedBy, "api", null, now);
    }

    /**
     * An activity brought over from another system by import {@code jobId}: its original time (in {@code input}) and
     * author are kept; {@code id} is chosen by the import (the same activity imported again gets the same id).
     */
    public static TimelineEntry imported(String id, ActivityInput input, String contactId, String companyId,
                                         String loggedBy, String jobId, Instant now) {
        return activity(id, input, contactId, companyId, loggedBy, "import", jobId, now);
    }

    private static TimelineEntry activity(String id, ActivityInput input, String contactId, String companyId,
                                          String loggedBy, String sourceType, String sourceId, Instant now) {
        TimelineEntry entry = new TimelineEntry(id, now, input.type(), List.of(contactId),
                companyId == null ? List.of() : List.of(companyId), input.occurredAt() == null ? now : input.occurredAt(),
                sourceType, sourceId);
        entry.loggedBy = loggedBy;
        entry.subject = input.subject();
        entry.body = input.body();
        entry.direction = input.direction();
        entry.durationSeconds = input.durationSeconds();
        entry.outcome = input.outcome();
        entry.recordingUrl = input.recordingUrl();
        entry.endsAt = input.endsAt();
        entry.location = input.location();
        entry.record(new ActivityLogged(entry.view()));
        return entry;
    }

    /** An entry reported by another service's event; its id is derived from the event id (insert-once). */
    static TimelineEntry fromEvent(String eventId, String kind, List<String> contactIds, List<String> companyIds,
                                   Instant occurredAt, String subject, String outcome, String sourceType,
                                   String sourceId, Instant now) {
        TimelineEntry entry = new TimelineEntry("evt-" + eventId, now, kind, contactIds, companyIds, occurredAt,
                sourceType, sourceId);
        entry.subject = subject;
        entry.outcome = outcome;
        return entry;
    }

    public TimelineEvents.ActivityView view() {
        return new TimelineEvents.ActivityView(getId(), kind, contactIds.isEmpty() ? null : contactIds.getFirst(),
                companyIds.isEmpty() ? null : companyIds.getFirst(), occurredAt, subject, body, direction,
                durationSeconds, outcome, recordingUrl, endsAt, location, sourceType, sourceId, loggedBy, getCreatedAt());
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }
}

package io.pulsecrm.contacts.timeline;

import java.time.Instant;

import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.DomainEventType;

/** Events of logged activities, on {@value TimelineEntry#TOPIC} keyed by activity id. */
public final class TimelineEvents {

    private TimelineEvents() {
    }

    /**
     * A timeline entry as the API and the events show it. {@code sourceType}: {@code api}, {@code import} (then
     * {@code sourceId} is the import job) or the reporting service's record type; {@code loggedBy}: the user who logged
     * the activity (for an imported one, its author in the system it came from), null when nobody did.
     */
    public record ActivityView(String id, String type, String contactId, String companyId, Instant occurredAt,
                               String subject, String body, String direction, Integer durationSeconds, String outcome,
                               String recordingUrl, Instant endsAt, String location, String sourceType,
                               String sourceId, String loggedBy, Instant createdAt) {
    }

    @DomainEventType("pulse.activity.logged.v1")
    public record ActivityLogged(ActivityView activity) implements DomainEvent {
    }
}

package io.pulsecrm.platform.history;

import java.time.Instant;
import java.util.List;

/**
 * One line of a record's history: what happened (the event), who did it, when, and which fields changed from
 * what to what. A save that produced several events lists its changes on the first of them.
 *
 * @param version the event's aggregateversion, counting the record's events from 1
 */
public record HistoryEntry(String eventId, String type, long version, String actor, Instant at,
                           List<FieldChange> changes) {
}

package io.pulsecrm.automation.triggers;

import java.time.Instant;

import io.pulsecrm.platform.events.EventEnvelope;
import tools.jackson.databind.JsonNode;

/** The event a rule reacts to: the envelope attributes rules read, and its data. */
public record TriggerEvent(String id, String type, String source, String subject, Instant time, String actor,
                           String correlationId, String causationId, JsonNode data) {

    public static TriggerEvent of(EventEnvelope event) {
        return new TriggerEvent(event.id(), event.type(), event.source(), event.subject(), event.time(), event.actor(),
                event.correlationId(), event.causationId(), event.data());
    }

    /** The envelope again, for producing events and calls that name this one as their cause. */
    public EventEnvelope envelope() {
        return new EventEnvelope(id, source == null ? "/pulse/unknown" : source, type, subject, time, null, actor,
                null, 0, correlationId, causationId, null, data);
    }

    /** {@code deal} for {@code pulse.deal.stage_changed.v1}. */
    public String aggregate() {
        return aggregateOf(type);
    }

    public static String aggregateOf(String type) {
        String[] parts = type == null ? new String[0] : type.split("\\.");
        return parts.length > 1 ? parts[1] : "";
    }
}

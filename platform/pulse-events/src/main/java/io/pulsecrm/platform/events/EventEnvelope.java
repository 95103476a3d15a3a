package io.pulsecrm.platform.events;

import java.time.Instant;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

/**
 * A domain event as it travels: a CloudEvents 1.0 envelope (structured JSON mode) with Pulse's
 * extensions. {@code aggregateVersion} is the per-aggregate sequence number of the event, so read
 * models can ignore stale or repeated deliveries.
 *
 * @param id              unique event id (consumers dedupe on it)
 * @param source          producing service, e.g. {@code /pulse/contacts-service}
 * @param type            versioned event type, e.g. {@code pulse.contact.created.v1}
 * @param subject         id of the aggregate the event is about (also the Kafka key)
 * @param time            when the change happened
 * @param dataSchema      URI of the JSON Schema the data conforms to
 * @param actor           who caused the change: a user id, a client id or {@code system:<component>}
 * @param aggregateType   e.g. {@code contact}
 * @param aggregateVersion per-aggregate sequence number, starting at 1
 * @param correlationId   id shared by everything one original request caused
 * @param causationId     id of the event or request that directly caused this one
 * @param traceparent     W3C trace context of the producing span, if any
 * @param data            the event payload (state after the change, and what changed)
 */
public record EventEnvelope(
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String dataSchema,
        String actor,
        String aggregateType,
        long aggregateVersion,
        String correlationId,
        String causationId,
        String traceparent,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";
    /**
     * {@code content-type} of structured-mode CloudEvents, on Kafka records and webhook requests. The charset in lower
     * case: the CloudEvents JavaScript SDK compares it literally and refuses {@code UTF-8}.
     */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    public EventEnvelope {
        requireText(id, "id");
        requireText(source, "source");
        requireText(type, "type");
        requireText(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** Reads the payload into the consumer's own view of it; unknown fields are ignored. */
    public <T> T dataAs(Class<T> view) {
        return EventJson.convert(data, view);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("CloudEvent attribute '" + name + "' is required");
        }
    }
}

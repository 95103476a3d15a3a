package io.pulsecrm.platform.outbox;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;

/**
 * An event waiting in its aggregate's document until the relay has published it.
 *
 * @param eventId    CloudEvent id
 * @param type       CloudEvent type
 * @param topic      Kafka topic
 * @param key        Kafka key (the aggregate id, so one aggregate's events stay in order)
 * @param cloudEvent the serialized CloudEvent, exactly as it will be published
 * @param occurredAt when the change happened
 * @param traceparent W3C trace context of the change, so publishing continues its trace (may be null)
 */
public record PendingEvent(String eventId, String type, String topic, String key, String cloudEvent,
                           Instant occurredAt, String traceparent) {

    /** Name of the array of pending events inside an aggregate document. */
    public static final String OUTBOX_FIELD = "outbox";

    public Document toDocument() {
        return new Document("eventId", eventId)
                .append("type", type)
                .append("topic", topic)
                .append("key", key)
                .append("cloudEvent", cloudEvent)
                .append("occurredAt", Date.from(occurredAt))
                .append("traceparent", traceparent);
    }

    public static PendingEvent fromDocument(Document document) {
        return new PendingEvent(
                document.getString("eventId"),
                document.getString("type"),
                document.getString("topic"),
                document.getString("key"),
                document.getString("cloudEvent"),
                document.getDate("occurredAt").toInstant(),
                document.getString("traceparent"));
    }
}

package io.pulsecrm.platform.test;

import java.time.Instant;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventTypes;
import io.pulsecrm.platform.events.Ids;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events the way another service would (CloudEvents JSON, keyed by subject), for tests of a
 * service's reactions to events it does not produce itself.
 */
public final class TestEvents {

    private static final String TEST_ACTOR = "system:test";
    private static KafkaProducer<String, String> producer;

    private TestEvents() {
    }

    /** An event from the service that owns the type's aggregate, e.g. {@code /pulse/deals-service} for pulse.deal.*. */
    public static EventEnvelope event(String type, String subject, Map<String, ?> data) {
        return event(type, "/pulse/" + aggregateOf(type) + "s-service", subject, Instant.now(), data);
    }

    public static EventEnvelope event(String type, String source, String subject, Map<String, ?> data) {
        return event(type, source, subject, Instant.now(), data);
    }

    public static EventEnvelope event(String type, String source, String subject, Instant time, Map<String, ?> data) {
        return event(type, source, subject, time, 1, data);
    }

    /** With an explicit per-aggregate version, for read models that order events by it. */
    public static EventEnvelope event(String type, String source, String subject, Instant time, long version,
                                      Map<String, ?> data) {
        return new EventEnvelope(Ids.newId(), source, type, subject, time, EventTypes.schemaUri(type), TEST_ACTOR,
                aggregateOf(type), version, Ids.newId(), null, null, EventJson.toTree(data));
    }

    /** The same event as caused by {@code actor} (a user id, a client id or system:<component>). */
    public static EventEnvelope causedBy(String actor, EventEnvelope event) {
        return new EventEnvelope(event.id(), event.source(), event.type(), event.subject(), event.time(),
                event.dataSchema(), actor, event.aggregateType(), event.aggregateVersion(), event.correlationId(),
                event.causationId(), event.traceparent(), event.data());
    }

    /** Publishes the event keyed by its subject and returns the JSON that was sent. */
    public static String publish(String topic, EventEnvelope event) {
        String json = EventJson.write(event);
        publish(topic, event.subject(), json);
        return json;
    }

    /** Publishes any record, e.g. a malformed one, acknowledged by all replicas before returning. */
    public static void publish(String topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Publishing to " + topic + " failed", e);
        }
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.<String, Object>of(
                    "bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers(), "acks", "all"),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    private static String aggregateOf(String type) {
        return type.split("\\.")[1];
    }
}

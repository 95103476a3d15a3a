package io.pulsecrm.contacts;

import java.time.Instant;
import java.util.Map;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes other services' events as they would: CloudEvents JSON keyed by subject. */
public final class TestEvents {

    private TestEvents() {
    }

    public static EventEnvelope event(String type, String source, String subject, Instant time, Map<String, ?> data) {
        return new EventEnvelope(Ids.newId(), source, type, subject, time, "urn:pulsecrm:schema:" + type,
                "user-test", type.split("\\.")[1], 3, Ids.newId(), null, null, EventJson.toTree(data));
    }

    public static void publish(String topic, EventEnvelope event) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, event.subject(), EventJson.write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

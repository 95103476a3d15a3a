package io.pulsecrm.notification;

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

    public static final String TASKS = "pulse.tasks.task.v1";
    public static final String DEALS = "pulse.deals.deal.v1";
    public static final String CONTACTS = "pulse.contacts.contact.v1";

    private TestEvents() {
    }

    public static EventEnvelope event(String type, String subject, Map<String, ?> data) {
        String aggregate = type.split("\\.")[1];
        return new EventEnvelope(Ids.newId(), "/pulse/" + aggregate + "s-service", type, subject, Instant.now(),
                "urn:pulsecrm:schema:" + type, "user-test", aggregate, 7, Ids.newId(), null, null, EventJson.toTree(data));
    }

    public static String publish(String topic, EventEnvelope event) {
        String json = EventJson.write(event);
        publish(topic, event.subject(), json);
        return json;
    }

    public static void publish(String topic, String key, String value) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers(), "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A pulse.task.assigned.v1 like tasks-service's, with the fields notifications use (and an unknown one). */
    public static EventEnvelope taskAssigned(String taskId, String assignee, String title) {
        return event("pulse.task.assigned.v1", taskId, Map.of(
                "task", Map.of("id", taskId, "title", title, "assigneeId", assignee, "status", "open",
                        "dueAt", "2026-12-01T10:00:00Z", "priority", "high", "aFutureField", 42),
                "previousAssigneeId", "someone-else",
                "assigneeId", assignee));
    }
}

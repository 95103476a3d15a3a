package io.pulsecrm.platform.test;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Reads topics from the beginning in the background, as a partner would, so tests can await the records and
 * events that a change produced. Either {@link #listen} and close it, or register it for a whole test class:
 * {@code @RegisterExtension static final EventCollector events = EventCollector.forTopics(TOPIC);}
 */
public final class EventCollector implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private final List<String> topics;
    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    private KafkaConsumer<String, String> consumer;
    private Thread poller;
    private volatile boolean running;

    private EventCollector(List<String> topics) {
        this.topics = List.copyOf(topics);
    }

    /** Starts listening now; close it when done. */
    public static EventCollector listen(String... topics) {
        return new EventCollector(List.of(topics)).start();
    }

    /** Listens for the duration of a test class, as a JUnit extension. */
    public static EventCollector forTopics(String... topics) {
        return new EventCollector(List.of(topics));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private synchronized EventCollector start() {
        if (running) {
            return this;
        }
        running = true;
        this.consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers(),
                "group.id", "test-collector-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "enable.auto.commit", "false",
                "metadata.max.age.ms", "1000"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(topics);
        this.poller = Thread.ofPlatform().daemon().name("event-collector").start(this::poll);
        return this;
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    public List<ConsumerRecord<String, String>> records() {
        return List.copyOf(records);
    }

    public List<EventEnvelope> events() {
        return records.stream().map(record -> EventJson.read(record.value())).toList();
    }

    /**
     * The events received, each id once. Delivery is at least once, so a replica's sweep may legitimately
     * publish an event a second time; tests that count effects should count distinct events.
     */
    public List<EventEnvelope> distinctEvents() {
        var byId = new java.util.LinkedHashMap<String, EventEnvelope>();
        events().forEach(event -> byId.putIfAbsent(event.id(), event));
        return List.copyOf(byId.values());
    }

    /** Waits until an event matching {@code condition} has arrived and returns it. */
    public EventEnvelope awaitEvent(Predicate<EventEnvelope> condition) {
        return awaitEvent(condition, Duration.ofSeconds(30));
    }

    public EventEnvelope awaitEvent(Predicate<EventEnvelope> condition, Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> events().stream().filter(condition).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** Waits until a raw record matching {@code condition} has arrived and returns it. */
    public ConsumerRecord<String, String> awaitRecord(Predicate<ConsumerRecord<String, String>> condition) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> records.stream().filter(condition).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    public static Predicate<EventEnvelope> ofType(String type, String subject) {
        return event -> event.type().equals(type) && event.subject().equals(subject);
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            poller.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

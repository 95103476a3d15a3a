package io.pulsecrm.platform.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.pulsecrm.platform.events.EventTypes;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Lets operators see what ended in a dead-letter topic and why, and send records back to their original
 * topic once the cause is fixed. Replaying is safe to repeat: consumers dedupe on the event id.
 */
public class DeadLetters {

    public static final String REPLAYED_FROM_HEADER = "pulse-replayed-from";
    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9._-]{0,200}");
    private static final Duration POLL_BUDGET = Duration.ofSeconds(10);

    private final KafkaAdmin admin;
    private final KafkaTemplate<String, String> kafka;

    public DeadLetters(KafkaAdmin admin, KafkaTemplate<String, String> kafka) {
        this.admin = admin;
        this.kafka = kafka;
    }

    /** One dead-lettered record and the failure that put it there. */
    public record DeadLetter(int partition, long offset, Instant deadLetteredAt, String key, String value,
                             String originalTopic, Integer originalPartition, Long originalOffset,
                             String exception, String message) {
    }

    /** The oldest {@code limit} records of {@code <topic>.dlt}. */
    public List<DeadLetter> list(String topic, int limit) {
        List<DeadLetter> found = new ArrayList<>();
        read(topic, record -> {
            found.add(toDeadLetter(record));
            return found.size() < limit;
        });
        return found;
    }

    /**
     * Republishes dead letters to their original topic: one record (partition and offset given) or all.
     *
     * @return how many records were replayed
     */
    public int replay(String topic, Integer partition, Long offset) {
        String deadLetterTopic = EventTypes.deadLetterTopic(requireTopic(topic));
        List<ConsumerRecord<String, String>> selected = new ArrayList<>();
        read(topic, record -> {
            if (partition == null || (record.partition() == partition && record.offset() == offset)) {
                selected.add(record);
            }
            return true;
        });
        for (ConsumerRecord<String, String> record : selected) {
            String target = header(record, "kafka_dlt-original-topic");
            ProducerRecord<String, String> copy = new ProducerRecord<>(target == null ? topic : target, record.key(), record.value());
            for (Header header : record.headers()) {
                if (!header.key().startsWith("kafka_dlt-")) {
                    copy.headers().add(header);
                }
            }
            copy.headers().add(new RecordHeader(REPLAYED_FROM_HEADER,
                    (deadLetterTopic + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8)));
            try {
                kafka.send(copy).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Replaying " + deadLetterTopic + "-" + record.partition() + "@"
                        + record.offset() + " failed", e);
            }
        }
        return selected.size();
    }

    /** Reads the dead-letter topic from the beginning up to its current end, or until the visitor says stop. */
    private void read(String topic, java.util.function.Predicate<ConsumerRecord<String, String>> visitor) {
        String deadLetterTopic = EventTypes.deadLetterTopic(requireTopic(topic));
        Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
        config.put("group.id", "pulse-dead-letter-reader-" + UUID.randomUUID());
        config.put("enable.auto.commit", false);
        config.put("allow.auto.create.topics", false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                return;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            long deadline = System.nanoTime() + POLL_BUDGET.toNanos();
            while (assigned.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && !visitor.test(record)) {
                        return;
                    }
                }
            }
        }
    }

    private static String requireTopic(String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.endsWith(".dlt")) {
            throw InvalidRequestException.field("topic", "must be the name of a source topic, e.g. pulse.contacts.contact.v1");
        }
        return topic;
    }

    private static DeadLetter toDeadLetter(ConsumerRecord<String, String> record) {
        String originalPartition = header(record, "kafka_dlt-original-partition");
        String originalOffset = header(record, "kafka_dlt-original-offset");
        String cause = header(record, "kafka_dlt-exception-cause-fqcn");
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), record.value(), header(record, "kafka_dlt-original-topic"),
                originalPartition == null ? null : Integer.valueOf(originalPartition),
                originalOffset == null ? null : Long.valueOf(originalOffset),
                cause != null ? cause : header(record, "kafka_dlt-exception-fqcn"),
                header(record, "kafka_dlt-exception-message"));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            return null;
        }
        byte[] value = header.value();
        // Spring Kafka writes partition and offset as binary int/long
        if (name.endsWith("original-partition") && value.length == Integer.BYTES) {
            return String.valueOf(java.nio.ByteBuffer.wrap(value).getInt());
        }
        if (name.endsWith("original-offset") && value.length == Long.BYTES) {
            return String.valueOf(java.nio.ByteBuffer.wrap(value).getLong());
        }
        return new String(value, StandardCharsets.UTF_8);
    }
}

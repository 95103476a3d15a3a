package io.pulsecrm.e2e.chaos;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The broker as an operator sees it: every event on the domain topics, consumer groups and their lag, the dead-letter
 * topics. Read with the Kafka clients the services use, never through the services.
 */
final class EventLog implements AutoCloseable {

    /** A domain topic: {@code pulse.<service>.<aggregate>.v<N>}; dead-letter topics add {@code .dlt}. */
    static final String DEAD_LETTER_SUFFIX = ".dlt";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** One record of a domain topic, with its CloudEvent. */
    record Event(String topic, int partition, long offset, EventEnvelope envelope) {

        String id() {
            return envelope.id();
        }

        String type() {
            return envelope.type();
        }

        String subject() {
            return envelope.subject();
        }
    }

    /** A dead letter: where it came from and why. */
    record DeadLetter(String topic, String originalTopic, int originalPartition, long originalOffset, String group,
                      String error) {
    }

    private final String bootstrap;
    private final Admin admin;

    EventLog(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis()));
    }

    /** The domain topics that exist now (not internal, not dead-letter ones). */
    Set<String> domainTopics() {
        Set<String> topics = new HashSet<>();
        for (String topic : get(admin.listTopics().names())) {
            if (topic.startsWith("pulse.") && !topic.endsWith(DEAD_LETTER_SUFFIX)) {
                topics.add(topic);
            }
        }
        return topics;
    }

    /** Every event on these topics, from the beginning up to their end now. Records that are no CloudEvent are skipped. */
    List<Event> events(Collection<String> topics) {
        List<Event> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(topics)) {
            try {
                events.add(new Event(record.topic(), record.partition(), record.offset(), EventJson.read(record.value())));
            } catch (RuntimeException notAnEvent) {
                // the poison record the test sent on purpose, or another one: the dead-letter check accounts for it
            }
        }
        return events;
    }

    /** Every record on the dead-letter topics, with the origin and error the platform's error handler recorded. */
    List<DeadLetter> deadLetters() {
        Set<String> topics = new HashSet<>();
        for (String topic : get(admin.listTopics().names())) {
            if (topic.endsWith(DEAD_LETTER_SUFFIX)) {
                topics.add(topic);
            }
        }
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records(topics)) {
            letters.add(new DeadLetter(record.topic(), header(record, "kafka_dlt-original-topic"),
                    Integer.parseInt(headerOr(record, "kafka_dlt-original-partition", "-1")),
                    Long.parseLong(headerOr(record, "kafka_dlt-original-offset", "-1")),
                    header(record, "kafka_dlt-original-consumer-group"),
                    header(record, "kafka_dlt-exception-message")));
        }
        return letters;
    }

    /** Sends a record that is no CloudEvent to a domain topic, as a broken producer would; returns where it landed. */
    TopicPartitionOffset publishPoison(String topic, String key) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            var metadata = get(producer.send(new ProducerRecord<>(topic, key, "{\"this is\": \"not a CloudEvent\"")));
            return new TopicPartitionOffset(metadata.topic(), metadata.partition(), metadata.offset());
        }
    }

    record TopicPartitionOffset(String topic, int partition, long offset) {
    }

    /** A group of one replica's own, named with a random id (notification-service's live hints). */
    private static final java.util.regex.Pattern PER_REPLICA =
            java.util.regex.Pattern.compile(".*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * Whether a group belongs to one replica alone: it reads every partition by design, commits nothing and
     * dead-letters nothing, so sharing, lag and dead letters are not its to check.
     */
    static boolean perReplica(String group) {
        return PER_REPLICA.matcher(group).matches();
    }

    /** The services' shared consumer groups (the test's own readers use no group; per-replica groups left out). */
    Set<String> groups() {
        Set<String> groups = new HashSet<>();
        for (ConsumerGroupListing listing : get(admin.listConsumerGroups().all())) {
            if (!perReplica(listing.groupId())) {
                groups.add(listing.groupId());
            }
        }
        return groups;
    }

    /** Which groups read which topic now: from the members' assignments. */
    Map<String, Set<String>> groupsByTopic() {
        Map<String, Set<String>> byTopic = new TreeMap<>();
        for (ConsumerGroupDescription group : get(admin.describeConsumerGroups(groups()).all()).values()) {
            group.members().forEach(member -> member.assignment().topicPartitions().forEach(partition ->
                    byTopic.computeIfAbsent(partition.topic(), t -> new HashSet<>()).add(group.groupId())));
        }
        return byTopic;
    }

    /**
     * How many records each group has not committed yet, over every partition of the topics it has committed
     * offsets on. Zero everywhere: every published event was handled (or dead-lettered) by every group.
     */
    Map<String, Long> lagByGroup() {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        Set<TopicPartition> partitions = new HashSet<>();
        for (String group : groups()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata());
            committed.put(group, offsets);
            offsets.keySet().forEach(partition -> partitions.addAll(partitionsOf(partition.topic())));
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        var ends = get(admin.listOffsets(latest).all());
        Map<String, Long> lag = new TreeMap<>();
        committed.forEach((group, offsets) -> {
            Set<String> topics = new HashSet<>();
            offsets.keySet().forEach(partition -> topics.add(partition.topic()));
            long behind = 0;
            for (TopicPartition partition : partitions) {
                if (topics.contains(partition.topic())) {
                    OffsetAndMetadata position = offsets.get(partition);
                    behind += ends.get(partition).offset() - (position == null ? 0 : position.offset());
                }
            }
            lag.put(group, behind);
        });
        return lag;
    }

    private List<TopicPartition> partitionsOf(String topic) {
        return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private List<ConsumerRecord<String, String>> records(Collection<String> topics) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        if (topics.isEmpty()) {
            return records;
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(topic -> partitions.addAll(partitionsOf(topic)));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics + " to their end within " + CALL_TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String headerOr(ConsumerRecord<String, String> record, String name, String fallback) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            return fallback;
        }
        byte[] value = header.value();
        // Spring Kafka writes partition and offset headers as big-endian binary numbers
        if (value.length == Integer.BYTES && name.endsWith("partition")) {
            return String.valueOf(ByteBuffer.wrap(value).getInt());
        }
        if (value.length == Long.BYTES && name.endsWith("offset")) {
            return String.valueOf(ByteBuffer.wrap(value).getLong());
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}

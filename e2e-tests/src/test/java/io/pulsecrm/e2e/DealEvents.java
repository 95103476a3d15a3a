package io.pulsecrm.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * deals-service's event topic as the platform's broker has it: finding a published event (a CloudEvent in JSON, its
 * {@code id} the event id) and sending the very same record again, as a producer retry or a replayed partition
 * would, then seeing a consumer group read past it.
 */
final class DealEvents {

    static final String TOPIC = "pulse.deals.deal.v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DealEvents() {
    }

    /** The record carrying event {@code eventId}, read from the start of the topic. */
    static ConsumerRecord<String, String> find(String bootstrap, String eventId, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (eventId.equals(JSON.readTree(record.value()).path("id").asString())) {
                        return record;
                    }
                }
            }
            throw new AssertionError("no event " + eventId + " on " + TOPIC + " within " + timeout);
        }
    }

    /** Publishes the record again, to its partition, with its key, headers and value; returns the new offset. */
    static long publishAgain(String bootstrap, ConsumerRecord<String, String> record)
            throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(),
                    record.headers())).get().offset();
        }
    }

    /** Whether {@code group} has committed an offset past {@code offset} on the topic's {@code partition}. */
    static boolean consumedBeyond(String bootstrap, String group, int partition, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicPartition topicPartition = new TopicPartition(TOPIC, partition);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Map.of(group,
                            new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(topicPartition))))
                    .partitionsToOffsetAndMetadata(group).get(10, TimeUnit.SECONDS);
            OffsetAndMetadata position = committed.get(topicPartition);
            return position != null && position.offset() > offset;
        }
    }
}

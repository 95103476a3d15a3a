package io.pulsecrm.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfrastructureTest {

    @TempDir
    Path dataDirectory;

    @Test
    void kafkaBrokerKeepsTopicsAndRecordsAcrossARestart() throws Exception {
        Path kafkaData = dataDirectory.resolve("kafka");
        int port = EmbeddedKafkaBroker.freePort();
        int controllerPort = EmbeddedKafkaBroker.freePort();

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(kafkaData, port, controllerPort).start();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     "bootstrap.servers", broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("infra.check", "k1", "survives restart")).get();
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(kafkaData, port, controllerPort).start();
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     "bootstrap.servers", broker.bootstrapServers(),
                     "group.id", "infra-check",
                     "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("infra.check"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records).extracting(r -> r.value()).containsExactly("survives restart");
        }
    }

    @Test
    void mongoStorePersistsDocumentsToDiskAcrossARestart() {
        Path file = dataDirectory.resolve("mongo/pulse.mv.db");
        int port;
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.persistent(file, freePort()).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("contacts").getCollection("contacts")
                    .insertOne(new Document("_id", "c1").append("name", "Ada"));
            port = Integer.parseInt(mongo.connectionString().replaceAll(".*:", ""));
        }
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.persistent(file, port).start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            Document found = client.getDatabase("contacts").getCollection("contacts")
                    .find(Filters.eq("_id", "c1")).first();
            assertThat(found).isNotNull();
            assertThat(found.getString("name")).isEqualTo("Ada");
        }
    }

    private static int freePort() {
        try {
            return EmbeddedKafkaBroker.freePort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

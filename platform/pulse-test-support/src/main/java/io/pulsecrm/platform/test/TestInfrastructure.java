package io.pulsecrm.platform.test;

import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.infra.EmbeddedKafkaBroker;
import io.pulsecrm.platform.infra.EmbeddedMongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/** The Kafka broker and MongoDB endpoint shared by all tests of one JVM. */
public final class TestInfrastructure {

    public static final String KAFKA_ENV = "PULSE_TEST_KAFKA_BOOTSTRAP";
    public static final String MONGODB_ENV = "PULSE_TEST_MONGODB_URI";
    public static final String MODE_ENV = "PULSE_TEST_INFRA";
    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    private static final String MONGO_IMAGE = "mongo:8.0";
    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static TestInfrastructure shared;

    private final String kafkaBootstrapServers;
    private final String mongoBaseUri;

    private TestInfrastructure(String kafkaBootstrapServers, String mongoBaseUri) {
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.mongoBaseUri = mongoBaseUri.replaceAll("/+$", "");
    }

    public static synchronized TestInfrastructure shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String mongoUri(String database) {
        return mongoBaseUri + "/" + database;
    }

    private static TestInfrastructure start() {
        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.reversed().forEach(TestInfrastructure::closeQuietly)));
        boolean containers = useContainers();

        String kafka = System.getenv(KAFKA_ENV);
        if (kafka == null) {
            if (containers) {
                KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
                container.start();
                started.add(container::stop);
                kafka = container.getBootstrapServers();
            } else {
                // not closed at exit: Spring test contexts shut down in their own hook at the same time, and
                // their jobs must not find the broker gone; the in-process broker ends with the JVM
                kafka = EmbeddedKafkaBroker.ephemeral().start().bootstrapServers();
            }
        }
        String mongo = System.getenv(MONGODB_ENV);
        if (mongo == null) {
            if (containers) {
                MongoDBContainer container = new MongoDBContainer(MONGO_IMAGE);
                container.start();
                started.add(container::stop);
                mongo = container.getConnectionString();
            } else {
                // like the broker: left to end with the JVM, after the contexts using it
                mongo = EmbeddedMongoServer.inMemory().start().connectionString();
            }
        }
        log.info("Test infrastructure: Kafka {} · MongoDB {} ({})", kafka, mongo, containers ? "Testcontainers" : "embedded");
        return new TestInfrastructure(kafka, mongo);
    }

    private static boolean useContainers() {
        String mode = System.getenv(MODE_ENV);
        if ("embedded".equalsIgnoreCase(mode)) {
            return false;
        }
        if ("containers".equalsIgnoreCase(mode)) {
            return true;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.debug("Closing test infrastructure failed", e);
        }
    }
}

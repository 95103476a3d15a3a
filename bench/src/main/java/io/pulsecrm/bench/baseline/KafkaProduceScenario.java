package io.pulsecrm.bench.baseline;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One acknowledged send (acks=all) of a 1 KB record: the floor under publishing a domain event.
 * linger.ms=0 measures each send's own round trip rather than time spent waiting to fill a batch.
 */
public final class KafkaProduceScenario implements Scenario {

    public static final String NAME = "kafka-produce";
    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.baseline(NAME,
            "acknowledged send (acks=all) of a 1 KB record straight to Kafka", KafkaProduceScenario::new);
    private static final String TOPIC = "pulse.bench.produce";
    private static final int PARTITIONS = 3;
    private static final short REPLICATION = 1;
    private static final int VALUE_BYTES = 1024;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final BenchTargets targets;
    private final byte[] value = new byte[VALUE_BYTES];
    private Admin admin;
    private KafkaProducer<String, byte[]> producer;

    private KafkaProduceScenario(BenchTargets targets) {
        this.targets = targets;
        new Random(42).nextBytes(value); // incompressible, like a real payload would be after compression
    }

    @Override
    public void setUp() throws InterruptedException, ExecutionException {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, targets.kafkaBootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS)));
        try {
            Set<String> topics = admin.listTopics().names().get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!topics.contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, REPLICATION))).all()
                        .get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            throw new ScenarioUnavailableException("Kafka at " + targets.kafkaBootstrap() + " is unreachable (no answer in "
                    + CONNECT_TIMEOUT_SECONDS + " s). Start it (deploy/all-in-one/run --infra-only) or pass --kafka HOST:PORT.", e);
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, targets.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) targets.requestTimeout().toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) targets.requestTimeout().toMillis()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void execute(long sequence) throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(TOPIC, Long.toString(sequence), value)).get();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS));
        }
        if (admin != null) {
            admin.deleteTopics(List.of(TOPIC)); // best effort: the records are of no use to anyone
            admin.close(java.time.Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS));
        }
    }
}

package io.pulsecrm.bench.notifications;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pulsecrm.bench.api.PulseApi;
import io.pulsecrm.bench.api.PlatformTokens;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * Partner webhooks end to end through notification-service: a local receiver ({@link SignedDeliveryReceiver})
 * subscribes through the gateway as the partner application {@code partner-erp} (client credentials;
 * {@code PULSE_BENCH_WEBHOOK_CLIENT} / {@code PULSE_BENCH_WEBHOOK_SECRET} for another) to the event type
 * {@value #TYPE}; one operation publishes {@link #EVENTS} CloudEvents of that type to the bench's own domain topic
 * {@value #TOPIC} (it matches notification-service's webhook topic pattern, and nothing else consumes it) and waits
 * until the receiver has verified the signature of every one of them. The report's work rate is <b>signed webhook
 * deliveries per second</b>; the progress lines add the receiver's totals (duplicates, bad signatures) and each
 * delivery's latency from its event's time to its arrival.
 * <p>
 * Needs a notification-service that allows loopback targets (the local runner does: {@code local} profile). The
 * first run waits until notification-service's pattern subscription has noticed the new topic (up to a minute).
 * Batches are large operations: run it with a small {@code --concurrency} (1–4). {@code PULSE_BENCH_WEBHOOK_EVENTS}
 * changes the batch size.
 */
public final class WebhookDeliveryScenario implements Scenario {

    public static final String NAME = "webhook-delivery";
    static final String TOPIC = "pulse.bench.webhook.v1";
    static final String TYPE = "pulse.bench.webhook_ping.v1";
    static final int EVENTS = intEnv("PULSE_BENCH_WEBHOOK_EVENTS", 100);
    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.baseline(NAME,
            EVENTS + " events published to Kafka until a local receiver verified each one's signed webhook delivery "
                    + "(through notification-service); run with --concurrency 1..4",
            WebhookDeliveryScenario::new).countingWork("webhook deliveries", EVENTS);
    private static final Duration PICK_UP = Duration.ofSeconds(120);
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(55);

    private final BenchTargets targets;
    private final String tag = "bench-" + Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
    private SignedDeliveryReceiver receiver;
    private PulseApi partner;
    private Admin admin;
    private KafkaProducer<String, String> producer;
    private String subscriptionId;
    private String subscriptionEtag;

    private WebhookDeliveryScenario(BenchTargets targets) {
        this.targets = targets;
    }

    @Override
    public void setUp() throws Exception {
        PulseApi.requireGateway(targets);
        receiver = SignedDeliveryReceiver.start();
        String token = new PlatformTokens().client(System.getenv().getOrDefault("PULSE_BENCH_WEBHOOK_CLIENT", "partner-erp"),
                System.getenv().getOrDefault("PULSE_BENCH_WEBHOOK_SECRET", "erp-secret"));
        partner = new PulseApi(targets, token);
        HttpResponse<String> created = partner.post("/api/webhooks", Map.of("targetUrl", receiver.url(),
                "eventTypes", List.of(TYPE), "description", "pulse bench " + tag));
        if (created.statusCode() != 201) {
            throw new ScenarioUnavailableException("creating the webhook subscription answered HTTP " + created.statusCode()
                    + ": " + abbreviate(created.body()) + (created.statusCode() == 400 && created.body().contains("private")
                    ? " (notification-service must allow loopback targets: the local runner's 'local' profile does)" : ""));
        }
        JsonNode subscription = partner.json(created);
        subscriptionId = subscription.get("id").asString();
        subscriptionEtag = created.headers().firstValue("ETag").orElse(null);
        receiver.secret(subscription.get("secret").asString());
        connectKafka();

        // notification-service subscribes to domain topics by pattern: wait until it sees this one
        System.err.println("   waiting for notification-service to deliver a first event (it notices a new topic within a minute)");
        long started = System.nanoTime();
        String probe = tag + "-probe";
        publish(probe, 1);
        if (!awaitDelivered(probe, 1, PICK_UP)) {
            throw new ScenarioUnavailableException("no webhook delivery within " + PICK_UP.toSeconds() + " s of publishing to "
                    + TOPIC + ": is notification-service running (deploy/all-in-one/run)?");
        }
        System.err.printf("   first delivery after %.1f s%n", (System.nanoTime() - started) / 1e9);
        receiver.takeLatencies(); // the probe's wait is not a delivery latency
    }

    @Override
    public void execute(long sequence) throws Exception {
        String batch = tag + "-" + sequence;
        publish(batch, EVENTS);
        if (!awaitDelivered(batch, EVENTS, BATCH_TIMEOUT)) {
            throw new OperationFailedException("not every delivery of a batch arrived within " + BATCH_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Publishes {@code count} events about {@code subject}, each keyed by its own id (spread over the partitions). */
    private void publish(String subject, int count) throws InterruptedException, ExecutionException, TimeoutException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            EventEnvelope event = new EventEnvelope(id, "/pulse/bench", TYPE, subject, Instant.now(), null,
                    "system:bench", "bench", i + 1L, id, null, null, EventJson.toTree(Map.of("sequence", i, "batch", subject)));
            sent.add(producer.send(new ProducerRecord<>(TOPIC, id, EventJson.write(event))));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get(targets.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean awaitDelivered(String subject, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (receiver.delivered(subject) < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5); // polls a counter in this process; the deliveries arrive on the receiver's threads
        }
        return true;
    }

    private void connectKafka() throws InterruptedException, ExecutionException {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, targets.kafkaBootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        try {
            Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            if (!topics.contains(TOPIC)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            throw new ScenarioUnavailableException("Kafka at " + targets.kafkaBootstrap() + " is unreachable. Start the platform "
                    + "(deploy/all-in-one/run) or pass --kafka HOST:PORT.", e);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, targets.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 2,
                // must cover linger.ms + request.timeout.ms
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) targets.requestTimeout().toMillis() + 1000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) targets.requestTimeout().toMillis()),
                new StringSerializer(), new StringSerializer());
    }

    @Override
    public void close() {
        if (receiver != null) {
            Histogram latencies = receiver.takeLatencies();
            System.err.printf("   receiver: %d signed deliveries verified, %d duplicates, %d bad signatures%n",
                    receiver.verified(), receiver.duplicates(), receiver.badSignatures());
            if (latencies.getTotalCount() > 0) {
                System.err.printf("   event time -> delivery at the receiver (ms): p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
                        latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(90) / 1000.0,
                        latencies.getValueAtPercentile(99) / 1000.0, latencies.getMaxValue() / 1000.0);
            }
        }
        if (partner != null && subscriptionId != null) {
            try {
                partner.send("DELETE", "/api/webhooks/" + subscriptionId, null,
                        subscriptionEtag == null ? Map.of() : Map.of("If-Match", subscriptionEtag));
            } catch (IOException e) {
                System.err.println("   could not delete webhook subscription " + subscriptionId + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (partner != null) {
            partner.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        try {
            return value == null || value.isBlank() ? fallback : Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}

package io.pulsecrm.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.model.Filters;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventTypes;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.events.MalformedEventException;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.platform.testapp.PlatformTestApplication;
import io.pulsecrm.platform.testapp.PlatformTestApplication.CountingListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/** At-least-once delivery with exactly-once effect, and bounded retries ending in the dead-letter topic. */
@PulseInfrastructure
@SpringBootTest(classes = PlatformTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsumerReliabilityTest {

    private static final String TOPIC = PlatformTestApplication.TOPIC;

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    CountingListener listener;
    @Autowired
    ReadModelUpserts readModels;
    @Autowired
    IdempotentConsumer consumer;
    @LocalServerPort
    int port;

    @Test
    void aRedeliveredEventHasOneEffect() throws Exception {
        String subject = "subject-" + Ids.newId();
        String redelivered = Ids.newId();
        String event = EventJson.write(event("pulse.counter.incremented.v1", subject, redelivered, 1));
        for (int delivery = 0; delivery < 3; delivery++) {
            kafka.send(TOPIC, subject, event).get(10, TimeUnit.SECONDS);
        }
        // a later event on the same key is consumed after the copies, so once it counts, all copies were seen
        String marker = EventJson.write(event("pulse.counter.incremented.v1", subject, Ids.newId(), 2));
        kafka.send(TOPIC, subject, marker).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).until(() -> count(subject) >= 2);
        assertThat(count(subject)).isEqualTo(2);
        assertThat(mongo.getCollection(IdempotentConsumer.COLLECTION)
                .find(Filters.eq("_id", "counter/" + redelivered)).first().getString("state")).isEqualTo("done");
    }

    @Test
    void aMalformedEventGoesStraightToTheDeadLetterTopicWithTheErrorInItsHeaders() throws Exception {
        try (EventCollector deadLetters = EventCollector.listen(EventTypes.deadLetterTopic(TOPIC))) {
            String key = "poison-" + Ids.newId();
            kafka.send(TOPIC, key, "{this is not a cloud event").get(10, TimeUnit.SECONDS);

            ConsumerRecord<String, String> dead = deadLetters.awaitRecord(record -> key.equals(record.key()));
            assertThat(dead.value()).isEqualTo("{this is not a cloud event");
            assertThat(header(dead, "kafka_dlt-exception-cause-fqcn")).isEqualTo(MalformedEventException.class.getName());
            assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(TOPIC);
        }
    }

    @Test
    void anEventThatKeepsFailingIsRetriedABoundedNumberOfTimesThenDeadLettered() throws Exception {
        try (EventCollector deadLetters = EventCollector.listen(EventTypes.deadLetterTopic(TOPIC))) {
            int before = listener.failingAttempts.get();
            String key = "failing-" + Ids.newId();
            kafka.send(TOPIC, key, EventJson.write(event(PlatformTestApplication.ALWAYS_FAILS, key, Ids.newId(), 1)))
                    .get(10, TimeUnit.SECONDS);

            ConsumerRecord<String, String> dead = deadLetters.awaitRecord(record -> key.equals(record.key()));
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("downstream refused");
            assertThat(listener.failingAttempts.get() - before).isEqualTo(1 + 3); // first attempt + max-retries

            // consumption moved on: a healthy event after the poison one is processed
            String subject = "after-poison-" + Ids.newId();
            kafka.send(TOPIC, key, EventJson.write(event("pulse.counter.incremented.v1", subject, Ids.newId(), 1)))
                    .get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(subject) == 1);
        }
    }

    @Test
    void anEventThatFailsBecauseTheStoreIsDownIsRetriedUntilItIsBackNotDeadLettered() throws Exception {
        try (EventCollector deadLetters = EventCollector.listen(EventTypes.deadLetterTopic(TOPIC))) {
            String subject = "store-down-" + Ids.newId();
            // more failed attempts than max-retries (3) allows any other failure
            listener.storeDownForAttempts.set(5);

            send(event(PlatformTestApplication.NEEDS_STORE, subject, Ids.newId(), 1));

            await().atMost(Duration.ofSeconds(60)).until(() -> count(subject) == 1);
            assertThat(listener.storeDownForAttempts.get()).as("every outage attempt was made").isNegative();
            assertThat(deadLetters.records()).noneMatch(record -> subject.equals(record.key()));
        }
    }

    @Test
    void deadLettersCanBeInspectedAndReplayedOnceTheCauseIsFixed() {
        ApiClient api = ApiClient.localhost(port).as(TestIdentity.ADMIN);
        listener.downstreamBroken.set(true);
        String subject = "needs-downstream-" + Ids.newId();
        send(event(PlatformTestApplication.NEEDS_DOWNSTREAM, subject, Ids.newId(), 1));

        JsonNode deadLetter = await().atMost(Duration.ofSeconds(30)).until(
                () -> findDeadLetter(api, subject), java.util.Objects::nonNull);
        assertThat(deadLetter.get("originalTopic").asString()).isEqualTo(TOPIC);
        assertThat(deadLetter.get("exception").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(deadLetter.get("message").asString()).contains("downstream is down");
        assertThat(count(subject)).isZero();

        listener.downstreamBroken.set(false);
        ApiClient.Response replay = api.post("/admin/dead-letters/" + TOPIC + "/replay",
                "{\"partition\":" + deadLetter.get("partition").asInt() + ",\"offset\":" + deadLetter.get("offset").asLong() + "}");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().get("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(subject) == 1);

        assertThat(api.get("/admin/dead-letters/NOT%20A%20TOPIC").status()).isEqualTo(400);
        assertThat(api.post("/admin/dead-letters/" + TOPIC + "/replay", "{\"partition\":0}").status()).isEqualTo(400);
    }

    private static JsonNode findDeadLetter(ApiClient api, String key) {
        ApiClient.Response list = api.get("/admin/dead-letters/" + TOPIC + "?limit=500");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().valueStream().filter(letter -> key.equals(letter.get("key").asString())).findFirst().orElse(null);
    }

    private void send(EventEnvelope event) {
        try {
            kafka.send(TOPIC, event.subject(), EventJson.write(event)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readModelsOnlyMoveForwardUnderRedeliveryAndReordering() {
        String id = "contact-" + Ids.newId();
        assertThat(readModels.upsertIfNewer("contact_names", id, 2, new Document("name", "Ada Lovelace"))).isTrue();
        assertThat(readModels.upsertIfNewer("contact_names", id, 1, new Document("name", "Ada"))).isFalse();
        assertThat(readModels.upsertIfNewer("contact_names", id, 2, new Document("name", "Ada Lovelace"))).isFalse();
        assertThat(readModels.upsertIfNewer("contact_names", id, 3, new Document("name", "Ada King"))).isTrue();

        Document row = mongo.getCollection("contact_names").find(Filters.eq("_id", id)).first();
        assertThat(row.getString("name")).isEqualTo("Ada King");
        assertThat(row.getLong(ReadModelUpserts.VERSION_FIELD)).isEqualTo(3L);
    }

    private int count(String subject) {
        Document counter = mongo.getCollection("counters").find(Filters.eq("_id", subject)).first();
        return counter == null ? 0 : counter.getInteger("count");
    }

    @Test
    void aHandledEventIsRememberedForTheRetentionPeriodThenForgotten() {
        java.util.concurrent.atomic.AtomicInteger effects = new java.util.concurrent.atomic.AtomicInteger();
        EventEnvelope handled = event("pulse.counter.incremented.v1", "subject-" + Ids.newId(), Ids.newId(), 1);
        assertThat(consumer.handleOnce("retention", handled, effects::incrementAndGet)).isTrue();
        String key = "retention/" + handled.id();
        // an effect in progress for longer than the retention (a stuck claim) is not the cleanup's to forget
        String stuck = "retention/" + Ids.newId();
        mongo.getCollection(IdempotentConsumer.COLLECTION).insertOne(new Document("_id", stuck)
                .append("state", "processing").append("claimedAt", java.util.Date.from(Instant.now().minus(Duration.ofDays(90)))));

        consumer.forgetHandledBefore(Instant.now().plus(Duration.ofDays(29))); // the default retention is 30 days
        assertThat(consumer.handleOnce("retention", handled, effects::incrementAndGet)).isFalse();
        assertThat(claim(key)).isNotNull();

        assertThat(consumer.forgetHandledBefore(Instant.now().plus(Duration.ofDays(31)))).isGreaterThanOrEqualTo(1);
        assertThat(claim(key)).isNull();
        assertThat(claim(stuck)).isNotNull();
        // past the retention the event is unknown again: the topics must not keep events longer than that
        assertThat(consumer.handleOnce("retention", handled, effects::incrementAndGet)).isTrue();
        assertThat(effects.get()).isEqualTo(2);
    }

    private Document claim(String key) {
        return mongo.getCollection(IdempotentConsumer.COLLECTION).find(Filters.eq("_id", key)).first();
    }

    private static EventEnvelope event(String type, String subject, String id, long version) {
        return new EventEnvelope(id, "/pulse/platform-test", type, subject, Instant.now(),
                EventTypes.schemaUri(type), "system:test", "counter", version, id, null, null,
                EventJson.toTree(java.util.Map.of("subject", subject)));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

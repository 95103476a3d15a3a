package io.pulsecrm.platform.testapp;

import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.pulsecrm.platform.consumer.IdempotentConsumer;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A minimal service built on the starter, to test the platform's mechanics the way services use them. */
@SpringBootApplication
public class PlatformTestApplication {

    public static final String TOPIC = "pulse.platformtest.counter.v1";
    public static final String ALWAYS_FAILS = "pulse.counter.always_fails.v1";
    /** Fails as an unreachable store does while {@link CountingListener#storeDownForAttempts} is above zero. */
    public static final String NEEDS_STORE = "pulse.counter.needs_store.v1";
    /** Fails while {@link CountingListener#downstreamBroken} is set: a cause an operator can fix. */
    public static final String NEEDS_DOWNSTREAM = "pulse.counter.needs_downstream.v1";

    /** Counts events per subject, once per event id however often Kafka delivers it. */
    @Component
    public static class CountingListener {

        public final AtomicInteger failingAttempts = new AtomicInteger();
        public final java.util.concurrent.atomic.AtomicBoolean downstreamBroken = new java.util.concurrent.atomic.AtomicBoolean();
        public final AtomicInteger storeDownForAttempts = new AtomicInteger();
        private final IdempotentConsumer idempotent;
        private final MongoTemplate mongo;

        CountingListener(IdempotentConsumer idempotent, MongoTemplate mongo) {
            this.idempotent = idempotent;
            this.mongo = mongo;
        }

        @KafkaListener(topics = TOPIC)
        void on(ConsumerRecord<String, String> record) {
            EventEnvelope event = EventJson.read(record.value());
            if (ALWAYS_FAILS.equals(event.type())) {
                failingAttempts.incrementAndGet();
                throw new IllegalStateException("downstream refused " + event.id());
            }
            if (NEEDS_DOWNSTREAM.equals(event.type()) && downstreamBroken.get()) {
                throw new IllegalStateException("downstream is down");
            }
            if (NEEDS_STORE.equals(event.type()) && storeDownForAttempts.getAndDecrement() > 0) {
                // what Spring Data makes of a connection the restarting store closed
                throw new org.springframework.dao.DataAccessResourceFailureException("store restarting",
                        new com.mongodb.MongoSocketReadException("Prematurely reached end of stream",
                                new com.mongodb.ServerAddress()));
            }
            idempotent.handleOnce("counter", event, () -> mongo.getCollection("counters").updateOne(
                    Filters.eq("_id", event.subject()), Updates.inc("count", 1), new UpdateOptions().upsert(true)));
        }
    }
}

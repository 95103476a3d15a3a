package io.pulsecrm.platform.outbox;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulsecrm.platform.events.EventEnvelope;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import io.pulsecrm.platform.history.RecordHistory;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes the events waiting in aggregate documents. Right after a write it publishes in the background
 * (low latency); the {@link OutboxSweeper} calls it again for anything a crash or a broker outage left
 * behind. Events of one aggregate go through one lane, in order, and each is removed from the document
 * only after Kafka acknowledged it: delivery is at least once, never lost.
 */
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final String CONTENT_TYPE_HEADER = "content-type";

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final TraceContinuation traces;
    private final OutboxProperties properties;
    private final Clock clock;
    private final RecordHistory history;
    private final ExecutorService[] lanes;
    private final Timer publishLatency;
    private final Counter published;
    private final Counter failures;
    /** Publishes handed to the lanes and not yet done: the relay's own queue, which the backlog gauge cannot see. */
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean closing;

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, String> kafka, TraceContinuation traces,
                       OutboxProperties properties, Clock clock, MeterRegistry meters, RecordHistory history) {
        this.mongo = mongo;
        this.history = history;
        this.kafka = kafka;
        this.traces = traces;
        this.properties = properties;
        this.clock = clock;
        this.lanes = new ExecutorService[properties.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("outbox-lane-" + i).factory());
        }
        this.publishLatency = Timer.builder("pulse.outbox.publish.latency")
                .description("Time from a state change to its event being acknowledged by Kafka")
                .publishPercentileHistogram()
                .register(meters);
        this.published = Counter.builder("pulse.outbox.published").register(meters);
        this.failures = Counter.builder("pulse.outbox.publish.failures").register(meters);
        Gauge.builder("pulse.outbox.queued", queued, AtomicInteger::get)
                .description("Publishes queued in the relay right after their writes and not yet done")
                .register(meters);
    }

    /** Publishes the aggregate's pending events in the background, after the write that produced them. */
    public void publishSoon(String collection, String aggregateId) {
        if (closing) {
            return; // the sweep of the next start publishes them
        }
        queued.incrementAndGet();
        try {
            lane(aggregateId).execute(() -> {
                try {
                    publishQuietly(collection, aggregateId);
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RuntimeException rejected) { // stopping: the sweep of the next start publishes them
            queued.decrementAndGet();
        }
    }

    /** Publishes the aggregate's pending events now, in its lane, and waits; returns how many were published. */
    public int publishNow(String collection, String aggregateId) {
        Future<Integer> result = lane(aggregateId).submit(() -> publishPending(collection, aggregateId));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (java.util.concurrent.ExecutionException e) {
            log.warn("Publishing events of {} {} failed; the sweep will retry: {}", collection, aggregateId,
                    e.getCause().toString());
            return 0;
        }
    }

    private void publishQuietly(String collection, String aggregateId) {
        try {
            publishPending(collection, aggregateId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Publishing events of {} {} failed; the sweep will retry: {}", collection, aggregateId, e.toString());
        }
    }

    private int publishPending(String collection, String aggregateId) throws Exception {
        MongoCollection<Document> documents = mongo.getCollection(collection);
        Document aggregate = documents.find(eq("_id", aggregateId))
                .projection(Projections.include(PendingEvent.OUTBOX_FIELD)).first();
        if (aggregate == null) {
            return 0;
        }
        List<Document> pending = aggregate.getList(PendingEvent.OUTBOX_FIELD, Document.class, List.of());
        int count = 0;
        for (Document entry : pending) {
            PendingEvent event = PendingEvent.fromDocument(entry);
            send(event);
            history.append(collection, aggregateId, entry);
            documents.updateOne(eq("_id", aggregateId),
                    Updates.pull(PendingEvent.OUTBOX_FIELD, new Document("eventId", event.eventId())));
            publishLatency.record(Duration.between(event.occurredAt(), clock.instant()));
            published.increment();
            count++;
        }
        return count;
    }

    private void send(PendingEvent event) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.cloudEvent());
        record.headers().add(new RecordHeader(CONTENT_TYPE_HEADER,
                EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // published on a relay thread, possibly after a restart: continue the trace of the change itself
        try (TraceContinuation.Scope ignored = traces.continueTrace(event.traceparent(), "outbox publish " + event.type())) {
            kafka.send(record).get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            failures.increment();
            throw e;
        }
    }

    private ExecutorService lane(String aggregateId) {
        return lanes[Math.floorMod(aggregateId.hashCode(), lanes.length)];
    }

    /** Graceful shutdown: lets queued publishes finish (bounded), so a clean stop leaves no backlog. */
    @Override
    public void destroy() throws InterruptedException {
        closing = true;
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        long deadline = System.nanoTime() + properties.drainTimeout().toNanos();
        for (ExecutorService lane : lanes) {
            lane.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}

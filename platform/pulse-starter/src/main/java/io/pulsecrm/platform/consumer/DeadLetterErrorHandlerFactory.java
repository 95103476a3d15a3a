package io.pulsecrm.platform.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.platform.events.EventTypes;
import io.pulsecrm.platform.events.MalformedEventException;
import io.pulsecrm.platform.store.StoreOutage;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Poison-message policy for every listener: bounded retries with exponential backoff, then the record is
 * published to {@code <topic>.dlt} with the error in its headers ({@code kafka_dlt-exception-*}, original
 * topic, partition and offset), and consumption moves on. Records that can never succeed skip the retries; records
 * that failed only because the store could not be reached ({@link StoreOutage}) are retried until it is back.
 */
public final class DeadLetterErrorHandlerFactory {

    private static boolean inProgressElsewhere(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof EventInProgressException) {
                return true;
            }
        }
        return false;
    }

    private static final Logger log = LoggerFactory.getLogger(DeadLetterErrorHandlerFactory.class);

    private DeadLetterErrorHandlerFactory() {
    }

    public static DefaultErrorHandler create(KafkaTemplate<?, ?> template, DeadLetterProperties properties,
                                             MeterRegistry meters) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template, (record, error) -> {
            meters.counter("pulse.consumer.dead_lettered", "topic", record.topic()).increment();
            log.error("Sending {}-{}@{} to the dead-letter topic after retries: {}", record.topic(),
                    record.partition(), record.offset(), error.toString());
            // partition -1: let the producer pick, the DLT may have fewer partitions than the source
            return new TopicPartition(EventTypes.deadLetterTopic(record.topic()), -1);
        });
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(properties.maxRetries());
        backOff.setInitialInterval(properties.initialBackoff().toMillis());
        backOff.setMultiplier(properties.multiplier());
        backOff.setMaxInterval(properties.maxBackoff().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, DeserializationException.class);
        // another replica holds the event (a rebalance moved the partition mid-work): wait for it to finish or
        // for its claim to expire, never dead-letter an event that is being handled; and an unreachable store is no
        // fault of the event: retry it until the store is back, however long that takes
        handler.setBackOffFunction((record, error) -> {
            if (inProgressElsewhere(error)) {
                return new FixedBackOff(properties.maxBackoff().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
            }
            if (StoreOutage.causes(error)) {
                ExponentialBackOff untilTheStoreIsBack = new ExponentialBackOff(properties.initialBackoff().toMillis(),
                        properties.multiplier());
                untilTheStoreIsBack.setMaxInterval(properties.maxBackoff().toMillis());
                return untilTheStoreIsBack;
            }
            return null;
        });
        return handler;
    }
}

package io.pulsecrm.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param lanes          parallel publishing lanes; one aggregate always uses the same lane, keeping its order
 * @param publishTimeout how long one publish may wait for Kafka's acknowledgement
 * @param sweepInterval  how often the sweep looks for events a crash or outage left behind
 * @param sweepGrace     events younger than this are left to the immediate publish, not the sweep
 * @param sweepBatchSize aggregates per collection handled by one sweep
 * @param drainTimeout   how long shutdown waits for queued publishes
 */
@ConfigurationProperties("pulse.outbox")
public record OutboxProperties(
        @DefaultValue("8") int lanes,
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("10s") Duration sweepGrace,
        @DefaultValue("200") int sweepBatchSize,
        @DefaultValue("15s") Duration drainTimeout) {
}

package io.pulsecrm.notification.live;

import io.pulsecrm.notification.NotificationsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonLoggingErrorHandler;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * The listener container of {@link LiveHints}: one consumer per replica reading every partition of the domain
 * topics. Offsets are never committed (manual acknowledgement, never given), so a replica's group leaves nothing on
 * the broker once it is gone, and a restarted replica starts at the end: hints of the past are of no use. No retries
 * and no dead letters (the platform's error handler would re-publish the services' events to their DLTs).
 */
@Configuration(proxyBeanMethods = false)
class LiveHintsConfiguration {

    static final String CONTAINER_FACTORY = "liveHintsContainerFactory";

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, String> liveHintsContainerFactory(
            ConsumerFactory<String, String> consumerFactory, NotificationsProperties properties) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        factory.setConsumerFactory(consumerFactory);
        factory.setConcurrency(1);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        // nor the starting position on assignment (Spring's default): a group with offsets would outlive its replica
        // on the broker, its lag growing for ever in every tool that watches groups
        factory.getContainerProperties().setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
        factory.setCommonErrorHandler(new CommonLoggingErrorHandler());
        // on or off by itself (live.enabled), not with the other listeners (spring.kafka.listener.auto-startup)
        factory.setAutoStartup(properties.live().enabled());
        return factory;
    }
}

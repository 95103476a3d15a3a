package io.pulsecrm.automation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.automation.triggers.EventCatalog;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AutomationProperties.class)
class AutomationConfiguration {

    /** Rules trigger on any event type with a published schema (platform/pulse-events) on the consumed topics. */
    @Bean
    EventCatalog eventCatalog() {
        try {
            List<String> types = new ArrayList<>();
            for (Resource schema : new PathMatchingResourcePatternResolver()
                    .getResources("classpath*:pulse/schemas/pulse.*.schema.json")) {
                String name = schema.getFilename();
                types.add(name.substring(0, name.length() - ".schema.json".length()));
            }
            return new EventCatalog(types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Declared here so partitions are chosen, not left to broker defaults on first publish. */
    @Bean
    NewTopic notificationRequestTopic(AutomationProperties properties) {
        return TopicBuilder.name(io.pulsecrm.automation.actions.NotificationRequest.TOPIC)
                .partitions(properties.topicPartitions()).replicas(1).build();
    }
}

package io.pulsecrm.deals.deals;

import io.pulsecrm.deals.DealsProperties;
import io.pulsecrm.deals.pipelines.Pipeline;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class DealTopicConfiguration {

    /** Declared here so partitions are chosen, not left to broker defaults on first publish. */
    @Bean
    NewTopic dealTopic(DealsProperties properties) {
        return TopicBuilder.name(Deal.TOPIC).partitions(properties.topicPartitions()).replicas(1).build();
    }

    @Bean
    NewTopic pipelineTopic(DealsProperties properties) {
        return TopicBuilder.name(Pipeline.TOPIC).partitions(properties.topicPartitions()).replicas(1).build();
    }
}

package io.pulsecrm.contacts.timeline;

import io.pulsecrm.contacts.contacts.ContactsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class TimelineTopicConfiguration {

    @Bean
    NewTopic activityTopic(ContactsProperties properties) {
        return TopicBuilder.name(TimelineEntry.TOPIC).partitions(properties.topicPartitions()).replicas(properties.topicReplicas()).build();
    }
}

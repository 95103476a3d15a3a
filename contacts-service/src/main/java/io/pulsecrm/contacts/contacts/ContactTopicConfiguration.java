package io.pulsecrm.contacts.contacts;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ContactsProperties.class)
class ContactTopicConfiguration {

    /** Declared here so partitions are chosen, not left to broker defaults on first publish. */
    @Bean
    NewTopic contactTopic(ContactsProperties properties) {
        return TopicBuilder.name(Contact.TOPIC).partitions(properties.topicPartitions()).replicas(properties.topicReplicas()).build();
    }
}

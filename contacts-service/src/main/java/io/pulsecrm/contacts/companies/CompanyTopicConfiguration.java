package io.pulsecrm.contacts.companies;

import io.pulsecrm.contacts.contacts.ContactsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class CompanyTopicConfiguration {

    @Bean
    NewTopic companyTopic(ContactsProperties properties) {
        return TopicBuilder.name(Company.TOPIC).partitions(properties.topicPartitions()).replicas(properties.topicReplicas()).build();
    }
}

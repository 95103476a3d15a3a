package io.pulsecrm.contacts.contacts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultPhoneRegion ISO 3166 region assumed for phone numbers written without a country code
 * @param topicPartitions    partitions of the contact topic (ordering is per contact, so more is fine)
 * @param topicReplicas      replicas of the contact topic (1 for a single local broker, 3 in production)
 */
@ConfigurationProperties("pulse.contacts")
public record ContactsProperties(
        @DefaultValue("US") String defaultPhoneRegion,
        @DefaultValue("3") int topicPartitions,
        @DefaultValue("1") short topicReplicas) {
}

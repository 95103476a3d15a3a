package io.pulsecrm.contacts.customfields;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param definitionsTtl how long a replica checks written values against the custom field definitions it read last,
 *                       before reading them again ({@link CustomFields#normalize}). A definition added, changed or
 *                       deleted through this replica applies to its next write at once; through another replica, at
 *                       most this long after. {@code 0} reads the definitions for every write.
 */
@ConfigurationProperties("pulse.contacts.custom-fields")
public record CustomFieldsProperties(@DefaultValue("5s") Duration definitionsTtl) {
}

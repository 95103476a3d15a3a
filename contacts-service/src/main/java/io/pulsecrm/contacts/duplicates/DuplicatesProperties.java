package io.pulsecrm.contacts.duplicates;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Duplicate detection ({@code pulse.contacts.duplicates}).
 *
 * @param claimGrace how long a claim on an email, phone or domain is respected while its record does not hold the
 *                   value (the record is being written, or its writer crashed): longer than any request takes. After
 *                   that the claim is a leftover and the next create takes it over.
 * @param claimWait  how long a create that lost a race waits for the winner's record to be written, to name it as
 *                   the candidate of its 409 (else the 409 says only that a match exists)
 */
@ConfigurationProperties("pulse.contacts.duplicates")
public record DuplicatesProperties(@DefaultValue("30s") Duration claimGrace, @DefaultValue("2s") Duration claimWait) {
}

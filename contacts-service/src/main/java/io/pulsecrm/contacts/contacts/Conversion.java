package io.pulsecrm.contacts.contacts;

import java.time.Instant;

/**
 * How a contact became a deal, kept on the contact: the deal's id is allocated by contacts-service and deals-service
 * opens the deal with exactly that id, so a retried conversion and a redelivered event find the same deal.
 */
public record Conversion(String dealId, String pipelineId, String stageId, String companyId, boolean companyCreated,
                         Instant convertedAt, String convertedBy) {
}

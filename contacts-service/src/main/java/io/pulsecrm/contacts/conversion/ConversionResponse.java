package io.pulsecrm.contacts.conversion;

import java.time.Instant;

import io.pulsecrm.contacts.contacts.Conversion;

/**
 * A contact's conversion: the deal is opened by deals-service shortly after (the answer is 202 the first time), at
 * {@code dealApiUrl}; {@code dealUrl} is where the web app shows it.
 */
public record ConversionResponse(String contactId, String dealId, String dealUrl, String dealApiUrl, String pipelineId,
                                 String stageId, String companyId, boolean companyCreated, Instant convertedAt,
                                 String convertedBy) {

    static ConversionResponse of(String contactId, Conversion c) {
        return new ConversionResponse(contactId, c.dealId(), "/deals/" + c.dealId(), "/api/deals/" + c.dealId(),
                c.pipelineId(), c.stageId(), c.companyId(), c.companyCreated(), c.convertedAt(), c.convertedBy());
    }
}

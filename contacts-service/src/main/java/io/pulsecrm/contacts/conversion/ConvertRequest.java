package io.pulsecrm.contacts.conversion;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Body of {@code POST /api/contacts/{id}/convert}. Only {@code pipelineId} is required. The deal's company is
 * {@code companyId} (an existing company), or a new company called {@code companyName}, or else the contact's own.
 *
 * @param stageId    an open stage of the pipeline; absent: its first open stage
 * @param dealName   absent: the company's name, else the contact's name
 * @param ownerId    the deal's owner; absent: the contact's owner if the caller may give deals to them, else the caller
 * @param contactRole the contact's role on the deal; absent: {@code decision_maker}
 */
public record ConvertRequest(String pipelineId, String stageId, String dealName, BigDecimal amount, String currency,
                             String ownerId, String contactRole, String companyId, String companyName,
                             LocalDate expectedCloseDate) {
}

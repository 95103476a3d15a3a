package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.pulsecrm.deals.contacts.ContactName;
import io.pulsecrm.deals.deals.DealEvents.StageRef;
import io.pulsecrm.deals.lineitems.LineItemTotals;
import io.pulsecrm.deals.lineitems.LineItemView;
import io.pulsecrm.deals.pipelines.Pipeline;

/**
 * A deal as the API shows it, with contact and company names from the read models kept from contacts-service's
 * events (null while unknown); {@code stalledAt} is set while the deal sits in its stage longer than the stage's
 * {@code stallAfter}; {@code version} is also the ETag to send back in If-Match;
 * {@code lineItems} in their order (when there are any, {@code amount} is the sum of their totals, {@code lineItemTotals} its parts; null
 * without items).
 */
public record DealResponse(String id, String title, BigDecimal amount, String currency, String pipelineId,
                           String stageId, StageRef stage, DealStatus status, String ownerId, String teamId,
                           String companyId, String companyName, List<ContactEntry> contacts, LocalDate expectedCloseDate,
                           String source, Map<String, Object> customFields, String lostReason, String lostNote,
                           Instant stageEnteredAt, Instant stalledAt, Instant closedAt, long version,
                           Instant createdAt, Instant updatedAt, List<LineItemView> lineItems,
                           LineItemTotals lineItemTotals) {

    public record ContactEntry(String contactId, String role, String name, String email) {
    }

    public static DealResponse of(Deal deal, Pipeline pipeline, Map<String, ContactName> names,
                                  Map<String, String> companyNames) {
        var snapshot = deal.snapshot(pipeline);
        List<ContactEntry> contacts = deal.contacts().stream().map(c -> {
            ContactName name = names.get(c.contactId());
            return new ContactEntry(c.contactId(), c.role(), name == null ? null : name.displayName(),
                    name == null ? null : name.email());
        }).toList();
        return new DealResponse(deal.getId(), deal.title(), deal.amount(), deal.currency(), deal.pipelineId(),
                deal.stageId(), snapshot.stage(), deal.status(), deal.ownerId(), deal.teamId(), deal.companyId(),
                deal.companyId() == null ? null : companyNames.get(deal.companyId()), contacts, deal.expectedCloseDate(),
                deal.source(), deal.customFields(), deal.lostReason(), deal.lostNote(), deal.stageEnteredAt(),
                deal.stalledAt(), deal.closedAt(), deal.getVersion(), deal.getCreatedAt(), deal.getUpdatedAt(),
                snapshot.lineItems(), LineItemTotals.of(deal.lineItems()));
    }
}

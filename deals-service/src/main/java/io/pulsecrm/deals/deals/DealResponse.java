package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.pulsecrm.deals.contacts.ContactName;
import io.pulsecrm.deals.deals.DealEvents.StageRef;
import io.pulsecrm.deals.pipelines.Pipeline;

/**
 * A deal as the API shows it, with contact names from the contacts read model (null while unknown);
 * {@code version} is also the ETag to send back in If-Match.
 */
public record DealResponse(String id, String title, BigDecimal amount, String currency, String pipelineId,
                           String stageId, StageRef stage, DealStatus status, String ownerId, String teamId,
                           String companyId, List<ContactEntry> contacts, LocalDate expectedCloseDate, String source,
                           Map<String, Object> customFields, String lostReason, String lostNote, Instant stageEnteredAt, Instant closedAt, long version,
                           Instant createdAt, Instant updatedAt) {

    public record ContactEntry(String contactId, String role, String name, String email) {
    }

    public static DealResponse of(Deal deal, Pipeline pipeline, Map<String, ContactName> names) {
        var snapshot = deal.snapshot(pipeline);
        List<ContactEntry> contacts = deal.contacts().stream().map(c -> {
            ContactName name = names.get(c.contactId());
            return new ContactEntry(c.contactId(), c.role(), name == null ? null : name.displayName(),
                    name == null ? null : name.email());
        }).toList();
        return new DealResponse(deal.getId(), deal.title(), deal.amount(), deal.currency(), deal.pipelineId(),
                deal.stageId(), snapshot.stage(), deal.status(), deal.ownerId(), deal.teamId(), deal.companyId(), contacts,
                deal.expectedCloseDate(), deal.source(), deal.customFields(), deal.lostReason(), deal.lostNote(), deal.stageEnteredAt(),
                deal.closedAt(), deal.getVersion(), deal.getCreatedAt(), deal.getUpdatedAt());
    }
}

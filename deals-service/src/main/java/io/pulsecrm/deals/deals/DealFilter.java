package io.pulsecrm.deals.deals;

import java.time.LocalDate;

import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * Filters shared by lists, the board and analytics. Record visibility is not a filter the client chooses: lists add
 * the caller's {@code OwnerScope} to {@link #criteria()} ({@link DealQueries#page}), the board and analytics pass
 * the visible owners to the statistics.
 */
public record DealFilter(String pipelineId, String stageId, DealStatus status, String ownerId, String teamId,
                         String companyId, String contactId, LocalDate closeFrom, LocalDate closeTo,
                         Boolean stalled) {

    public DealFilter {
        if (closeFrom != null && closeTo != null && closeFrom.isAfter(closeTo)) {
            throw InvalidRequestException.field("closeFrom", "must not be after closeTo");
        }
    }

    public static DealFilter pipeline(String pipelineId) {
        return new DealFilter(pipelineId, null, null, null, null, null, null, null, null, null);
    }

    public DealFilter withStage(String stage) {
        return new DealFilter(pipelineId, stage, status, ownerId, teamId, companyId, contactId, closeFrom, closeTo, stalled);
    }

    public Criteria criteria() {
        Criteria criteria = Criteria.where("deletedAt").isNull();
        // values are bound as plain values, never as operators or paths
        if (pipelineId != null) criteria = criteria.and("pipelineId").is(pipelineId);
        if (stageId != null) criteria = criteria.and("stageId").is(stageId);
        if (status != null) criteria = criteria.and("status").is(status.name());
        if (ownerId != null) criteria = criteria.and("ownerId").is(ownerId);
        if (teamId != null) criteria = criteria.and("teamId").is(teamId);
        if (companyId != null) criteria = criteria.and("companyId").is(companyId);
        if (contactId != null) criteria = criteria.and("contacts.contactId").is(contactId);
        // stalled: open and over its stage's stallAfter (the detector sets stalledAt; any stage change clears it)
        if (Boolean.TRUE.equals(stalled)) criteria = criteria.and("stalledAt").ne(null);
        if (Boolean.FALSE.equals(stalled)) criteria = criteria.and("stalledAt").is(null);
        if (closeFrom != null || closeTo != null) {
            Criteria close = criteria.and("expectedCloseDate");
            if (closeFrom != null) close = close.gte(closeFrom.toString());
            if (closeTo != null) close.lte(closeTo.toString());
        }
        return criteria;
    }
}

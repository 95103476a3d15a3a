package io.pulsecrm.deals.analytics;

import java.time.LocalDate;
import java.util.Set;

import io.pulsecrm.deals.deals.DealAccess;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.stats.DealStatsQueries;
import io.pulsecrm.deals.stats.DealStatsQueries.Range;
import io.pulsecrm.deals.stats.DealStatsQueries.Selection;
import io.pulsecrm.deals.stats.Figures;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/pipelines/{id}/analytics?from=&to=&ownerId=}: see {@link PipelineAnalytics} for the definitions. */
@RestController
class AnalyticsController {

    private final AggregateStore store;
    private final DealStatsQueries stats;
    private final DealAccess access;

    AnalyticsController(AggregateStore store, DealStatsQueries stats, DealAccess access) {
        this.store = store;
        this.access = access;
        this.stats = stats;
    }

    @GetMapping(path = "/api/pipelines/{id}/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
    PipelineAnalytics.Report analytics(@PathVariable String id,
                                       @RequestParam(required = false) String ownerId,
                                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw InvalidRequestException.field("from", "must not be after to");
        }
        Pipeline pipeline = store.get(Pipeline.class, id);
        PipelineAnalytics.Period period = new PipelineAnalytics.Period(from, to);
        return PipelineAnalytics.report(pipeline, figures(id, ownerId, period.range(), access.visibleOwnerIds()), ownerId, period);
    }

    /**
     * @param visibleOwnerIds the owners whose deals the caller may see, null for all: every figure counts only them
     */
    private Figures figures(String pipelineId, String ownerId, Range period, Set<String> visibleOwnerIds) {
        return stats.figures(new Selection(pipelineId, null, period, period, true),
                DealStatsQueries.narrow(visibleOwnerIds, ownerId));
    }
}

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

/** {@code GET /api/pipelines/{id}/analytics?from=&to=&ownerId=&teamId=}: see {@link PipelineAnalytics} for the definitions. */
@RestController
class AnalyticsController {

    private final AggregateStore store;
    private final DealStatsQueries stats;
    private final DealAccess access;
    private final ProductRevenue productRevenue;

    AnalyticsController(AggregateStore store, DealStatsQueries stats, DealAccess access, ProductRevenue productRevenue) {
        this.store = store;
        this.access = access;
        this.stats = stats;
        this.productRevenue = productRevenue;
    }

    /** Revenue by product and the best sellers of the deals won in the period; see {@link ProductRevenue}. */
    @GetMapping(path = "/api/pipelines/{id}/analytics/products", produces = MediaType.APPLICATION_JSON_VALUE)
    ProductRevenue.Report productRevenue(@PathVariable String id,
                                         @RequestParam(required = false) String ownerId,
                                         @RequestParam(required = false) String teamId,
                                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                         @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        requirePeriod(from, to);
        Pipeline pipeline = store.get(Pipeline.class, id);
        Set<String> owners = owners(ownerId, teamId);
        return productRevenue.report(pipeline.getId(), owners, from, to, ownerId, teamId);
    }

    @GetMapping(path = "/api/pipelines/{id}/analytics", produces = MediaType.APPLICATION_JSON_VALUE)
    PipelineAnalytics.Report analytics(@PathVariable String id,
                                       @RequestParam(required = false) String ownerId,
                                       @RequestParam(required = false) String teamId,
                                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        requirePeriod(from, to);
        Pipeline pipeline = store.get(Pipeline.class, id);
        Set<String> owners = owners(ownerId, teamId);
        PipelineAnalytics.Period period = new PipelineAnalytics.Period(from, to);
        return PipelineAnalytics.report(pipeline, figures(id, owners, period.range()), ownerId, teamId, period);
    }

    /** @param owners the owners whose deals count (visible to the caller, narrowed by the filters), null for all */
    private Figures figures(String pipelineId, Set<String> owners, Range period) {
        return stats.figures(new Selection(pipelineId, null, period, period, true), owners);
    }

    private static void requirePeriod(LocalDate from, LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            throw InvalidRequestException.field("from", "must not be after to");
        }
    }

    /** The owners whose deals count: those the caller sees, narrowed to one owner or a team when asked. */
    private Set<String> owners(String ownerId, String teamId) {
        Set<String> owners = DealStatsQueries.narrow(access.visibleOwnerIds(), ownerId);
        return teamId == null ? owners : DealStatsQueries.within(owners, access.teamMemberIds(teamId));
    }
}

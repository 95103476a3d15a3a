package io.pulsecrm.deals.analytics;

import java.time.LocalDate;

import io.pulsecrm.deals.deals.DealFilter;
import io.pulsecrm.deals.deals.DealQueries;
import io.pulsecrm.deals.pipelines.Pipeline;
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
    private final DealQueries queries;

    AnalyticsController(AggregateStore store, DealQueries queries) {
        this.store = store;
        this.queries = queries;
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
        DealFilter filter = new DealFilter(id, null, null, ownerId, null, null, null, null, null);
        // computed over the pipeline's deals in memory: exact and simple; a pre-aggregated model can replace it at scale
        return PipelineAnalytics.compute(pipeline, queries.all(filter), ownerId, new PipelineAnalytics.Period(from, to));
    }
}

package io.pulsecrm.deals.deals;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.deals.pipelines.PipelineResponse;
import io.pulsecrm.deals.pipelines.Stage;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.aggregate.VersionConflictException;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/pipelines/{id}/stages/{stageId}?moveDealsTo=}: removes a stage; deals in it are moved to
 * another stage of the same kind first. Deals and the pipeline are separate documents (no multi-document
 * transactions), so deals are moved before the stage disappears: a crash part-way leaves the stage in place
 * with fewer deals, and repeating the request finishes the job.
 */
@RestController
@RequestMapping(path = "/api/pipelines", produces = MediaType.APPLICATION_JSON_VALUE)
class StageRemovalController {

    private static final int BATCH = 200;

    private final AggregateStore store;
    private final DealQueries queries;
    private final EventContext context;
    private final Clock clock;

    StageRemovalController(AggregateStore store, DealQueries queries, EventContext context, Clock clock) {
        this.store = store;
        this.queries = queries;
        this.context = context;
        this.clock = clock;
    }

    @DeleteMapping("/{id}/stages/{stageId}")
    ResponseEntity<PipelineResponse> removeStage(@PathVariable String id, @PathVariable String stageId,
                                                 @RequestParam(required = false) String moveDealsTo,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Pipeline pipeline = store.get(Pipeline.class, id);
        pipeline.requireVersion(expected);
        Stage removed = pipeline.stage(stageId).orElseThrow(() -> new AggregateNotFoundException("stage", stageId));
        boolean holdsDeals = !queries.inStage(id, stageId, 1).isEmpty();
        if (holdsDeals) {
            Stage target = target(pipeline, removed, moveDealsTo);
            moveAll(pipeline, removed, target);
        }
        pipeline.removeStage(stageId, expected, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.save(pipeline);
        // a deal created in the stage while we were moving would be stranded: move stragglers too
        if (holdsDeals || moveDealsTo != null) {
            pipeline.stage(moveDealsTo == null ? "" : moveDealsTo).ifPresent(target -> moveAll(pipeline, removed, target));
        }
        return ResponseEntity.ok().eTag(IfMatch.etag(pipeline.getVersion())).body(PipelineResponse.of(pipeline));
    }

    private static Stage target(Pipeline pipeline, Stage removed, String moveDealsTo) {
        if (moveDealsTo == null || moveDealsTo.isBlank()) {
            throw new StateConflictException("Stage '" + removed.name() + "' holds deals; say where they go with ?moveDealsTo=<stageId>");
        }
        Stage target = pipeline.stage(moveDealsTo).orElseThrow(() ->
                InvalidRequestException.field("moveDealsTo", "is not a stage of pipeline " + pipeline.getId()));
        if (target.id().equals(removed.id())) {
            throw InvalidRequestException.field("moveDealsTo", "must be another stage than the one removed");
        }
        if (target.kind() != removed.kind()) {
            throw InvalidRequestException.field("moveDealsTo", "must be a " + removed.kind().name().toLowerCase()
                    + " stage like the one removed, so no deal is won, lost or reopened by accident");
        }
        return target;
    }

    private void moveAll(Pipeline pipeline, Stage removed, Stage target) {
        String actor = context.actor();
        List<Deal> batch;
        do {
            batch = queries.inStage(pipeline.getId(), removed.id(), BATCH);
            for (Deal deal : batch) {
                deal.relocate(target, pipeline, actor, clock.instant().truncatedTo(ChronoUnit.MILLIS));
                try {
                    store.save(deal);
                } catch (VersionConflictException e) {
                    // changed meanwhile; it is still in the stage (or moved away) and the next batch sees it again
                }
            }
        } while (!batch.isEmpty());
    }
}

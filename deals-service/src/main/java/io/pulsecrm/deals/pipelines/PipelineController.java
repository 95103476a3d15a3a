package io.pulsecrm.deals.pipelines;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.pulsecrm.deals.pipelines.PipelineRequests.AddStage;
import io.pulsecrm.deals.pipelines.PipelineRequests.CreatePipeline;
import io.pulsecrm.deals.pipelines.PipelineRequests.ReorderStages;
import io.pulsecrm.deals.pipelines.PipelineRequests.UpdatePipeline;
import io.pulsecrm.deals.pipelines.PipelineRequests.UpdateStage;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.aggregate.StateConflictException;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.IfMatch;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/pipelines}: pipelines and their stages. Rules live in {@link Pipeline}; removing a stage that
 * holds deals is in the deals feature (it moves deals).
 */
@RestController
@Validated
@RequestMapping(path = "/api/pipelines", produces = MediaType.APPLICATION_JSON_VALUE)
class PipelineController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final AggregateStore store;
    private final MongoTemplate mongo;
    private final PipelineUsage usage;
    private final Clock clock;

    PipelineController(AggregateStore store, MongoTemplate mongo, PipelineUsage usage, Clock clock) {
        this.store = store;
        this.mongo = mongo;
        this.usage = usage;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PipelineResponse> create(@RequestBody CreatePipeline request) {
        Pipeline pipeline = store.save(Pipeline.create(request.name(), request.stages(), request.lostReasons(), now()));
        return ResponseEntity.created(URI.create("/api/pipelines/" + pipeline.getId()))
                .eTag(IfMatch.etag(pipeline.getVersion()))
                .body(PipelineResponse.of(pipeline));
    }

    @GetMapping("/{id}")
    ResponseEntity<PipelineResponse> get(@PathVariable String id) {
        return ok(store.get(Pipeline.class, id));
    }

    @GetMapping
    CursorPage<PipelineResponse> list(@RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                      @RequestParam(required = false) String cursor) {
        Criteria live = Criteria.where("deletedAt").isNull();
        if (cursor != null) {
            live = live.and("_id").gt(CursorPage.decode(cursor));
        }
        var pipelines = mongo.find(Query.query(live).with(Sort.by("_id")).limit(limit + 1), Pipeline.class)
                .stream().map(PipelineResponse::of).toList();
        return CursorPage.of(pipelines, limit, PipelineResponse::id);
    }

    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<PipelineResponse> update(@PathVariable String id,
                                            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @RequestBody UpdatePipeline request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Pipeline pipeline = store.get(Pipeline.class, id);
        pipeline.update(request.name(), request.lostReasons(), expected, now());
        return ok(store.save(pipeline));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Pipeline pipeline = store.get(Pipeline.class, id);
        long deals = usage.dealsInPipeline(id);
        if (deals > 0) {
            throw new StateConflictException("Pipeline " + id + " still holds " + deals + " deal(s); delete or move them first");
        }
        pipeline.delete(expected, now());
        store.save(pipeline);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/{id}/stages", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PipelineResponse> addStage(@PathVariable String id,
                                              @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestBody AddStage request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Pipeline pipeline = store.get(Pipeline.class, id);
        pipeline.addStage(request.spec(), request.position(), expected, now());
        store.save(pipeline);
        return ResponseEntity.status(201).eTag(IfMatch.etag(pipeline.getVersion())).body(PipelineResponse.of(pipeline));
    }

    @PatchMapping(path = "/{id}/stages/{stageId}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<PipelineResponse> updateStage(@PathVariable String id, @PathVariable String stageId,
                                                 @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @RequestBody UpdateStage request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Pipeline pipeline = store.get(Pipeline.class, id);
        boolean clearStall = request.stallAfter() != null && request.stallAfter().isBlank();
        pipeline.updateStage(stageId, new StageSpec(request.name(), request.probability(), request.kind(),
                request.requiredFields(), clearStall ? null : request.stallAfter()), clearStall, expected, now());
        return ok(store.save(pipeline));
    }

    @PutMapping(path = "/{id}/stage-order", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PipelineResponse> reorder(@PathVariable String id,
                                             @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                             @RequestBody ReorderStages request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Pipeline pipeline = store.get(Pipeline.class, id);
        pipeline.reorderStages(request.stageIds(), expected, now());
        return ok(store.save(pipeline));
    }

    private Instant now() {
        // stored dates keep milliseconds; answering with the same precision keeps responses and reads equal
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static ResponseEntity<PipelineResponse> ok(Pipeline pipeline) {
        return ResponseEntity.ok().eTag(IfMatch.etag(pipeline.getVersion())).body(PipelineResponse.of(pipeline));
    }
}

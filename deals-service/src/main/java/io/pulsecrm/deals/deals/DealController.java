package io.pulsecrm.deals.deals;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.deals.deals.DealRequests.CreateDeal;
import io.pulsecrm.deals.deals.DealRequests.LoseDeal;
import io.pulsecrm.deals.deals.DealRequests.MoveDeal;
import io.pulsecrm.deals.deals.DealRequests.ReopenDeal;
import io.pulsecrm.deals.deals.DealRequests.WinDeal;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.web.IfMatch;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/deals}: create, read, change, move (within or across pipelines), win, lose, reopen, delete. Rules live in {@link Deal}. */
@RestController
@Validated
@RequestMapping(path = "/api/deals", produces = MediaType.APPLICATION_JSON_VALUE)
class DealController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final AggregateStore store;
    private final DealQueries queries;
    private final EventContext context;
    private final Clock clock;
    private final MeterRegistry meters;
    private final DealAccess access;

    DealController(AggregateStore store, DealQueries queries, EventContext context, Clock clock,
                   MeterRegistry meters, DealAccess access) {
        this.store = store;
        this.access = access;
        this.queries = queries;
        this.context = context;
        this.clock = clock;
        this.meters = meters;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DealResponse> create(@RequestBody CreateDeal request) {
        if (request.pipelineId() == null || request.pipelineId().isBlank()) {
            throw InvalidRequestException.field("pipelineId", "is required");
        }
        Pipeline pipeline = store.find(Pipeline.class, request.pipelineId())
                .orElseThrow(() -> InvalidRequestException.field("pipelineId", "no pipeline " + request.pipelineId()));
        DealDetails requested = request.details();
        // without an owner the deal is the caller's; the owner must be someone the caller may give deals to.
        // Without a team it is the owner's team, so team boards and filters find it
        String owner = access.ownerForNewDeal(requested.ownerId());
        String team = requested.teamId() == null || requested.teamId().isBlank() ? access.teamOf(owner) : requested.teamId();
        DealDetails details = DealRules.normalize(new DealDetails(requested.title(), requested.amount(),
                requested.currency(), owner, team,
                requested.companyId(), requested.contacts(), requested.expectedCloseDate(), requested.source(),
                requested.customFields()));
        access.requireAssignable(details.ownerId());
        Deal deal = store.save(Deal.create(details, pipeline, request.stageId(), context.actor(), now()));
        return ResponseEntity.created(URI.create("/api/deals/" + deal.getId()))
                .eTag(IfMatch.etag(deal.getVersion()))
                .body(response(deal, pipeline));
    }

    @GetMapping("/{id}")
    ResponseEntity<DealResponse> get(@PathVariable String id) {
        Deal deal = access.visibleDeal(id);
        return ok(deal, pipelineOf(deal));
    }

    /** JSON merge patch: fields present are changed (null clears), fields absent are kept. */
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<DealResponse> update(@PathVariable String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody JsonNode patch) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Deal deal = access.visibleDeal(id);
        Pipeline pipeline = pipelineOf(deal);
        DealDetails changed = DealRules.normalize(DealPatch.parse(patch).applyTo(deal.details()));
        // a new owner: managers within their team, admins anyone (pulse.deal.updated.v1 carries changes.ownerId)
        access.requireReassignable(deal.ownerId(), changed.ownerId());
        deal.update(changed, pipeline, expected, now());
        return ok(store.save(deal), pipeline);
    }

    @PostMapping(path = "/{id}/move", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DealResponse> move(@PathVariable String id,
                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @RequestBody MoveDeal request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Deal deal = access.visibleDeal(id);
        Pipeline pipeline = pipelineOf(deal);
        if (request.pipelineId() == null || request.pipelineId().equals(deal.pipelineId())) {
            deal.moveTo(request.stageId(), pipeline, context.actor(), expected, now());
            return ok(store.save(deal), pipeline);
        }
        Pipeline target = request.pipelineId().isBlank() ? null : store.find(Pipeline.class, request.pipelineId()).orElse(null);
        if (target == null) {
            throw InvalidRequestException.field("pipelineId", "no pipeline " + request.pipelineId());
        }
        deal.moveToPipeline(request.stageId(), pipeline, target, context.actor(), expected, now());
        return ok(store.save(deal), target);
    }

    @PostMapping(path = "/{id}/win")
    ResponseEntity<DealResponse> win(@PathVariable String id,
                                     @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                     @RequestBody(required = false) WinDeal request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Deal deal = access.visibleDeal(id);
        Pipeline pipeline = pipelineOf(deal);
        deal.win(request == null ? null : request.stageId(), pipeline, context.actor(), expected, now());
        store.save(deal);
        meters.counter("pulse.deals.won").increment();
        return ok(deal, pipeline);
    }

    @PostMapping(path = "/{id}/lose", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DealResponse> lose(@PathVariable String id,
                                      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @RequestBody LoseDeal request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Deal deal = access.visibleDeal(id);
        Pipeline pipeline = pipelineOf(deal);
        deal.lose(request.reason(), request.note(), request.stageId(), pipeline, context.actor(), expected, now());
        store.save(deal);
        meters.counter("pulse.deals.lost", "reason", deal.lostReason()).increment();
        return ok(deal, pipeline);
    }

    @PostMapping(path = "/{id}/reopen")
    ResponseEntity<DealResponse> reopen(@PathVariable String id,
                                        @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                        @RequestBody(required = false) ReopenDeal request) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Deal deal = access.visibleDeal(id);
        Pipeline pipeline = pipelineOf(deal);
        deal.reopen(request == null ? null : request.stageId(), pipeline, context.actor(), expected, now());
        return ok(store.save(deal), pipeline);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id,
                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        long expected = IfMatch.requiredVersion(ifMatch);
        Deal deal = access.visibleDeal(id);
        deal.delete(expected, now());
        store.save(deal);
        return ResponseEntity.noContent().build();
    }

    private Pipeline pipelineOf(Deal deal) {
        return store.get(Pipeline.class, deal.pipelineId());
    }

    private DealResponse response(Deal deal, Pipeline pipeline) {
        return queries.response(deal, pipeline);
    }

    private ResponseEntity<DealResponse> ok(Deal deal, Pipeline pipeline) {
        return ResponseEntity.ok().eTag(IfMatch.etag(deal.getVersion())).body(response(deal, pipeline));
    }

    private Instant now() {
        // stored dates keep milliseconds; answering with the same precision keeps responses and reads equal
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

package io.pulsecrm.deals.history;

import java.util.List;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.DealAccess;
import io.pulsecrm.deals.deals.StageChange;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.history.HistoryEntry;
import io.pulsecrm.platform.history.RecordHistory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/deals/{id}/history} (with the deal's visibility): every stage change of a deal, oldest first
 * (who, when, from, to, time spent in the previous stage; kept in the deal's own document), and the record's change
 * history, newest first (every event: actor, time, each changed field from / to; written by the platform).
 * {@code GET /api/pipelines/{id}/history} (admins): the pipeline's change history.
 */
@RestController
@Validated
class DealHistoryController {

    private final AggregateStore store;
    private final DealAccess access;
    private final RecordHistory history;

    DealHistoryController(AggregateStore store, DealAccess access, RecordHistory history) {
        this.store = store;
        this.access = access;
        this.history = history;
    }

    /**
     * @param stageChanges every stage change, oldest first
     * @param items        the newest {@code limit} lines of the deal's change history, newest first
     */
    record History(String dealId, List<StageChange> stageChanges, List<HistoryEntry> items) {
    }

    record PipelineHistory(String pipelineId, List<HistoryEntry> items) {
    }

    @GetMapping(path = "/api/deals/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    History history(@PathVariable String id, @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        Deal deal = access.visibleDeal(id);
        return new History(deal.getId(), deal.stageHistory(), history.of(Deal.class, id, limit));
    }

    @GetMapping(path = "/api/pipelines/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    PipelineHistory pipelineHistory(@PathVariable String id,
                                    @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        Pipeline pipeline = store.get(Pipeline.class, id);
        return new PipelineHistory(pipeline.getId(), history.of(Pipeline.class, id, limit));
    }
}

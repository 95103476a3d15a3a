package io.pulsecrm.deals.history;

import java.util.List;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.deals.StageChange;
import io.pulsecrm.platform.aggregate.AggregateStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/deals/{id}/history}: every stage change of a deal, oldest first (who, when, from, to, time
 * spent in the previous stage). Kept in the deal's own document, written together with the events.
 */
@RestController
class DealHistoryController {

    private final AggregateStore store;

    DealHistoryController(AggregateStore store) {
        this.store = store;
    }

    record History(String dealId, List<StageChange> stageChanges) {
    }

    @GetMapping(path = "/api/deals/{id}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    History history(@PathVariable String id) {
        Deal deal = store.get(Deal.class, id);
        return new History(deal.getId(), deal.stageHistory());
    }
}

package io.pulsecrm.deals.board;

import java.time.LocalDate;

import io.pulsecrm.deals.DealsProperties;
import io.pulsecrm.deals.deals.DealAccess;
import io.pulsecrm.deals.deals.DealFilter;
import io.pulsecrm.deals.pipelines.Pipeline;
import io.pulsecrm.platform.aggregate.AggregateStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/deals/board}: per stage, how many deals, their amount per currency, and the first page of cards. */
@RestController
@Validated
class BoardController {

    private final BoardQueries board;
    private final AggregateStore store;
    private final DealsProperties properties;
    private final DealAccess access;

    BoardController(BoardQueries board, AggregateStore store, DealsProperties properties, DealAccess access) {
        this.board = board;
        this.access = access;
        this.store = store;
        this.properties = properties;
    }

    @GetMapping(path = "/api/deals/board", produces = MediaType.APPLICATION_JSON_VALUE)
    BoardQueries.Board board(@RequestParam String pipelineId,
                             @RequestParam(required = false) String ownerId,
                             @RequestParam(required = false) String teamId,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeFrom,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closeTo,
                             @RequestParam(required = false) @Min(1) @Max(200) Integer cards) {
        Pipeline pipeline = store.get(Pipeline.class, pipelineId);
        DealFilter filter = new DealFilter(pipelineId, null, null, ownerId, teamId, null, null, closeFrom, closeTo, null);
        // totals, counts and cards only of the owners whose deals the caller sees (null: all)
        return board.board(pipeline, filter, cards == null ? properties.boardCards() : cards, access.visibleOwnerIds());
    }
}

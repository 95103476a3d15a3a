package io.pulsecrm.deals.stats;

import java.time.Instant;

import io.pulsecrm.deals.stats.StatsGenerations.State;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/deals/stats}: which generation of the statistics readers use and whether one is being built;
 * {@code POST /api/deals/stats/rebuild} (admins): recompute all statistics from the deals, in the background (202).
 */
@RestController
@RequestMapping(path = "/api/deals/stats", produces = MediaType.APPLICATION_JSON_VALUE)
class StatsController {

    private final StatsGenerations generations;

    StatsController(StatsGenerations generations) {
        this.generations = generations;
    }

    /**
     * @param active           the generation figures are read from; null until the first build finished (figures are
     *                         then counted from the deals)
     * @param building         the generation being built; null when no build runs
     * @param buildRequestedAt when the last build was asked for
     * @param lastBuiltAt      when the last build finished
     */
    record Status(Long active, Long building, Instant buildRequestedAt, Instant lastBuiltAt) {
        static Status of(State state) {
            return new Status(state.active(), state.building(), state.buildRequestedAt(), state.lastBuiltAt());
        }
    }

    @GetMapping
    Status state() {
        return Status.of(generations.current());
    }

    @PostMapping("/rebuild")
    ResponseEntity<Status> rebuild() {
        return ResponseEntity.accepted().body(Status.of(generations.requestRebuild()));
    }
}

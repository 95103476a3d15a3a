package io.pulsecrm.automation.runs;

import java.time.Clock;

import io.pulsecrm.automation.rules.RuleAccess;
import io.pulsecrm.platform.aggregate.AggregateNotFoundException;
import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/automation/runs}: what rules did, per rule and per record, step by step; failed runs are retried
 * here. Managers see the runs of their team's rules; a run they may not see answers 404.
 */
@RestController
@Validated
@RequestMapping(path = "/api/automation/runs", produces = MediaType.APPLICATION_JSON_VALUE)
class RunController {

    private final RunStore store;
    private final RunDispatcher dispatcher;
    private final RuleAccess access;
    private final Clock clock;

    RunController(RunStore store, RunDispatcher dispatcher, RuleAccess access, Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.access = access;
        this.clock = clock;
    }

    /** Newest first; filters combine with AND. */
    @GetMapping
    CursorPage<RunResponse> list(@RequestParam(required = false) String ruleId,
                                 @RequestParam(required = false) String recordId,
                                 @RequestParam(required = false) String status,
                                 @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                 @RequestParam(required = false) String cursor) {
        RunStatus wanted = null;
        if (status != null) {
            wanted = RunStatus.fromWire(status);
            if (wanted == null) {
                throw InvalidRequestException.field("status", "must be one of pending, running, waiting, completed, stopped, failed");
            }
        }
        CursorPage<Run> page = store.list(access.teamRestriction("ruleTeam"), ruleId, recordId, wanted, limit, cursor);
        return new CursorPage<>(page.items().stream().map(RunResponse::of).toList(), page.nextCursor());
    }

    @GetMapping("/{id}")
    RunResponse get(@PathVariable String id) {
        return RunResponse.of(visible(id));
    }

    /**
     * Runs a failed run again from its failed step (202: it goes on in the background). A step that failed on an
     * outage repeats with the same idempotency key, so what it may already have done is not done twice.
     */
    @PostMapping("/{id}/retry")
    ResponseEntity<RunResponse> retry(@PathVariable String id) {
        Run run = visible(id);
        run.retry(clock.instant());
        store.save(run);
        dispatcher.dispatch(run.getId());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(RunResponse.of(run));
    }

    private Run visible(String id) {
        Run run = store.find(id).orElseThrow(() -> new AggregateNotFoundException("run", id));
        access.requireVisible(run.getRuleTeam(), "run", id);
        return run;
    }
}

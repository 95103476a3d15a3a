package io.pulsecrm.automation.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.automation.AutomationProperties;
import io.pulsecrm.automation.actions.Action;
import io.pulsecrm.automation.actions.ActionRunner;
import io.pulsecrm.automation.actions.Contexts;
import io.pulsecrm.automation.actions.Outcome;
import io.pulsecrm.automation.actions.RunContext;
import io.pulsecrm.automation.calls.CallFailedException;
import io.pulsecrm.automation.calls.ServiceCalls;
import io.pulsecrm.automation.rules.Program;
import io.pulsecrm.automation.rules.Rule;
import io.pulsecrm.automation.rules.RuleDefinition;
import io.pulsecrm.automation.rules.Rules;
import io.pulsecrm.automation.triggers.TriggerEvent;
import io.pulsecrm.platform.context.EventContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a run's state machine: claim it, then for each action record the step with its fixed input, perform
 * it, record the outcome; park it on a wait, end it on stop, failure or the last action. Every transition is saved
 * before the next effect, conditionally on the run's version and under the replica's lease, so a replica that
 * dies mid-run leaves a run another one takes over from the last saved step (whose call repeats under the same
 * idempotency key). Work is done as {@code system:automation}, as a reaction to the trigger event (so what it
 * causes carries that event's correlation and causation).
 */
@Component
public class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RunStore store;
    private final Rules rules;
    private final ActionRunner actions;
    private final Contexts contexts;
    private final EventContext eventContext;
    private final AutomationProperties.Runs properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String owner = "automation-" + UUID.randomUUID();

    RunExecutor(RunStore store, Rules rules, ActionRunner actions, Contexts contexts, EventContext eventContext,
                AutomationProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.rules = rules;
        this.actions = actions;
        this.contexts = contexts;
        this.eventContext = eventContext;
        this.properties = properties.runs();
        this.clock = clock;
        this.meters = meters;
    }

    /** Claims the run and executes it as far as it goes now; does nothing if another replica holds it. */
    public void execute(String runId) {
        Instant now = clock.instant();
        store.claim(runId, owner, now, now.plus(properties.lease())).ifPresent(run -> {
            TriggerEvent event = run.getTrigger().event();
            EventContext.asSystem("automation", () -> eventContext.reactingTo(event.envelope(), () -> drive(run, event)));
        });
    }

    private void drive(Run run, TriggerEvent event) {
        try {
            RuleDefinition definition = rules.definition(run.getRuleId(), run.getRuleRevision());
            Program program = definition.program();
            RunContext context = contexts.context(run.getId(), run.getRuleId(), run.getRuleName(), run.getDepth(), event,
                    run.record(), contexts.facts(event, run.record()), false);
            while (true) {
                Step step = run.current();
                if (step != null && step.getStatus() == Step.Status.WAITING) {
                    String why = inactive(run.getRuleId());
                    if (why != null) {
                        run.stop(step, "{\"stopped\":true}", why, clock.instant());
                        save(run);
                        return;
                    }
                }
                if (step == null) {
                    String address = run.getNext();
                    Action action = program.at(address);
                    if (action == null) {
                        run.stop(null, null, "revision " + run.getRuleRevision() + " has no action " + address, clock.instant());
                        save(run);
                        return;
                    }
                    JsonNode input;
                    try {
                        input = actions.prepare(action, address, context);
                    } catch (CallFailedException e) {
                        Step failed = run.begin(address, action.type(), "{}", clock.instant());
                        run.fail(failed, e.getMessage(), e.refused(), e.attempts(), clock.instant());
                        save(run);
                        meters.counter("pulse.automation.runs.finished", "status", "failed").increment();
                        return;
                    }
                    step = run.begin(address, action.type(), JSON.writeValueAsString(input), clock.instant());
                    if (!save(run)) {
                        return;
                    }
                    step = run.current();
                }
                Action action = program.at(step.getAddress());
                JsonNode input = JSON.readTree(step.getInput());
                Map<String, String> headers = ServiceCalls.stepHeaders(run.getId() + ":" + step.getIndex(), event.id());
                Outcome outcome;
                try {
                    outcome = actions.perform(action, step, input, program, context, headers);
                } catch (CallFailedException e) {
                    run.fail(step, e.getMessage(), e.refused(), e.attempts(), clock.instant());
                    save(run);
                    meters.counter("pulse.automation.runs.finished", "status", "failed").increment();
                    return;
                }
                Instant now = clock.instant();
                switch (outcome) {
                    case Outcome.Done done -> run.complete(step, JSON.writeValueAsString(done.output()),
                            done.next() != null ? done.next() : program.next(step.getAddress()), now);
                    case Outcome.Park park -> run.park(step, park.until(), now);
                    case Outcome.Stop stop -> run.stop(step, JSON.writeValueAsString(stop.output()), stop.reason(), now);
                }
                if (!save(run)) {
                    return;
                }
                if (run.getStatus() != RunStatus.RUNNING) {
                    if (run.getStatus().isFinal()) {
                        meters.counter("pulse.automation.runs.finished", "status", run.getStatus().wire()).increment();
                    }
                    return;
                }
            }
        } catch (RuntimeException e) {
            // a bug or the store failing: the lease runs out and the run is taken up again
            log.error("Run {} stopped unexpectedly; it is resumed when its lease expires", run.getId(), e);
        }
    }

    /** Why a parked run must not go on: its rule was disabled or deleted meanwhile. */
    private String inactive(String ruleId) {
        Rule rule = rules.find(ruleId).orElse(null);
        if (rule == null || rule.getDeletedAt() != null) {
            return "the rule was deleted while the run waited";
        }
        return rule.isEnabled() ? null : "the rule was disabled while the run waited";
    }

    /** Saves under the lease (renewed); false when another replica took the run over meanwhile. */
    private boolean save(Run run) {
        Instant now = clock.instant();
        if (run.getStatus() == RunStatus.RUNNING) {
            run.hold(owner, now.plus(properties.lease()));
        }
        try {
            store.save(run);
            return true;
        } catch (OptimisticLockingFailureException e) {
            log.warn("Run {} was changed by someone else; leaving it to them", run.getId());
            return false;
        }
    }
}

package io.pulsecrm.automation.triggers;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.automation.actions.Contexts;
import io.pulsecrm.automation.rules.Rule;
import io.pulsecrm.automation.rules.RuleDefinition;
import io.pulsecrm.automation.rules.Rules;
import io.pulsecrm.automation.runs.Run;
import io.pulsecrm.automation.runs.RunDispatcher;
import io.pulsecrm.automation.runs.RunStore;
import io.pulsecrm.platform.security.Visibility;
import org.springframework.stereotype.Component;

/**
 * What an event starts: for each enabled rule it triggers whose filters and conditions hold, one run, with the id
 * {@code <ruleId>:<eventId>} (a second insert of it fails, so redeliveries and replicas never start a second run),
 * at the depth the loop guard gives it. A run the guard refuses is recorded as stopped, with the reason.
 */
@Component
public class TriggerHandler {

    private final Rules rules;
    private final RunStore runs;
    private final RunDispatcher dispatcher;
    private final ChainGuard chain;
    private final Contexts contexts;
    private final Visibility visibility;
    private final MeterRegistry meters;
    private final Clock clock;

    TriggerHandler(Rules rules, RunStore runs, RunDispatcher dispatcher, ChainGuard chain, Contexts contexts,
                   Visibility visibility, MeterRegistry meters, Clock clock) {
        this.rules = rules;
        this.runs = runs;
        this.dispatcher = dispatcher;
        this.chain = chain;
        this.contexts = contexts;
        this.visibility = visibility;
        this.meters = meters;
        this.clock = clock;
    }

    /** The rules an event of this type may fire, to skip events no rule listens to without any write. */
    public List<Rule> candidates(TriggerEvent event) {
        return rules.triggeredBy(event.type());
    }

    public void handle(TriggerEvent event, List<Rule> candidates, int level) {
        chain.remember(event, level);
        if (candidates.isEmpty()) {
            return;
        }
        RecordRef record = RecordRef.of(event);
        EventFacts facts = contexts.facts(event, record);
        for (Rule rule : candidates) {
            RuleDefinition definition = rules.definition(rule);
            meters.counter("pulse.automation.evaluations").increment();
            if (definition.trigger().matches(event, facts.changes())) {
                start(rule, definition, event, record, facts, level + 1);
            }
        }
    }

    /**
     * Starts the rule's run for this event if the rule applies to the record (a team rule: its members' records
     * and the shared pool) and its conditions hold. Time triggers start theirs here too.
     *
     * @return whether a run was started now (false: not applicable, or it exists already)
     */
    public boolean start(Rule rule, RuleDefinition definition, TriggerEvent event, RecordRef record, EventFacts facts,
                         int depth) {
        RecordRef owned = record;
        if (rule.getTeam() != null) {
            // a team's rule acts on its members' records and the shared pool only
            String owner = record == null ? null
                    : record.ownerId() != null ? record.ownerId() : RecordRef.ownerOf(record.type(), facts.record());
            if (owner != null && !visibility.directory().memberIds(rule.getTeam()).contains(owner)) {
                return false;
            }
            owned = record == null ? null : record.withOwner(owner);
        }
        if (definition.conditions() != null && !definition.conditions().test(facts, null)) {
            return false;
        }
        String refusal = chain.refusal(depth);
        Run run = Run.start(rule.getId(), rule.getRevision(), rule.getName(), rule.getTeam(), event, owned, depth,
                definition.program().first(), refusal, clock.instant());
        if (!runs.insertIfAbsent(run)) {
            return false;
        }
        meters.counter("pulse.automation.runs.started", "outcome", refusal == null ? "run" : "loop_guard").increment();
        if (refusal == null) {
            dispatcher.dispatch(run.getId());
        }
        return true;
    }
}

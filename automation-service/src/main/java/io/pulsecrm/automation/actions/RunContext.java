package io.pulsecrm.automation.actions;

import io.pulsecrm.automation.triggers.EventFacts;
import io.pulsecrm.automation.triggers.RecordRef;
import io.pulsecrm.automation.triggers.TriggerEvent;

/**
 * What the steps of one run work with: which run and rule, the trigger event and its record, and the facts
 * conditions and templates read (the current record fetched once, when first read).
 *
 * @param dryRun nothing may be changed: no calls that change, no turn taken in a rotation
 */
public record RunContext(String runId, String ruleId, String ruleName, int depth, TriggerEvent event,
                         RecordRef record, EventFacts facts, boolean dryRun) {

    /** The record's owner: as the event tells it, else as the owning service has it now. */
    public String owner() {
        if (record == null) {
            return null;
        }
        if (record.ownerId() != null) {
            return record.ownerId();
        }
        return RecordRef.ownerOf(record.type(), facts.record());
    }
}

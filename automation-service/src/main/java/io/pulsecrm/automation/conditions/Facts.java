package io.pulsecrm.automation.conditions;

import java.time.Clock;

import io.pulsecrm.automation.triggers.Changes;
import tools.jackson.databind.JsonNode;

/** What conditions and templates read: the triggering event, what it changed, and the current record. */
public interface Facts {

    /**
     * The value at a path: {@code record.<field>} reads the record as its owning service has it now,
     * {@code event.<attribute>} the event's envelope ({@code type}, {@code actor}, {@code subject}, {@code time}),
     * anything else the event's data ({@code deal.amount}, {@code newStage.name}).
     *
     * @return {@link tools.jackson.databind.node.MissingNode} when absent
     */
    JsonNode value(FieldPath path);

    Changes changes();

    Clock clock();
}

package io.pulsecrm.automation.actions;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** What performing a step came to. */
public sealed interface Outcome {

    /** Done; {@code next} overrides what follows (a branch's chosen arm), null for the usual next action. */
    record Done(JsonNode output, String next) implements Outcome {
        public Done(JsonNode output) {
            this(output, null);
        }
    }

    /** Not yet: park the run until then (a wait, or a wait_until checking again later). */
    record Park(Instant until) implements Outcome {
    }

    /** End the run here. */
    record Stop(JsonNode output, String reason) implements Outcome {
    }
}

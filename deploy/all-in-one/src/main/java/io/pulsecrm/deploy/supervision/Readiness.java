package io.pulsecrm.deploy.supervision;

import java.time.Duration;

/** How waiting for a component's readiness ended. */
public sealed interface Readiness {

    /** Time from process start to this outcome. */
    Duration after();

    record Ready(Duration after) implements Readiness {
    }

    /** The process ended before it became ready: it failed to start. */
    record Exited(int exitCode, Duration after) implements Readiness {
    }

    /** @param lastAnswer what the endpoint said last (e.g. which health indicator is DOWN), or why it did not answer */
    record TimedOut(Duration after, String lastAnswer) implements Readiness {
    }
}

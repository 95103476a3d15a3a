package io.pulsecrm.automation.runs;

import java.util.Locale;

/** Where a run is. {@code completed}, {@code stopped} and {@code failed} are final (a failed run can be retried). */
public enum RunStatus {
    /** Created or retried, waiting for a replica to take it. */
    PENDING,
    /** A replica is executing it (it holds the run's lease). */
    RUNNING,
    /** Parked until {@code resumeAt} by a wait or wait_until step. */
    WAITING,
    COMPLETED,
    /** Ended by a stop action, a wait_until timeout set to stop, the loop guard, or its rule being disabled or deleted. */
    STOPPED,
    /** A step failed after its retries; see the step's error. */
    FAILED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == STOPPED || this == FAILED;
    }

    public static RunStatus fromWire(String value) {
        for (RunStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        return null;
    }
}

package io.pulsecrm.tasks.tasks;

import java.time.Instant;

/**
 * One durable timer before the due time. Stored inside the task document so that marking it fired and the
 * {@code reminder_due} event it produces are one atomic write: a reminder can neither fire twice nor get lost.
 *
 * @param offset  ISO-8601 duration before the due time, e.g. {@code PT15M}
 * @param fireAt  when it is due to fire
 * @param firedAt when it fired; null while pending
 * @param skipped true when its time had already passed when it was scheduled (no reminder for the past)
 */
public record Reminder(String offset, Instant fireAt, Instant firedAt, boolean skipped) {

    boolean pending() {
        return firedAt == null && !skipped;
    }
}

package io.pulsecrm.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test moves by hand (UTC). pulse-test-support has the same for every other module; it depends on this
 * module, so this module's tests keep their own.
 */
final class ManualClock extends Clock {

    private Instant now;

    public ManualClock() {
        this(Instant.parse("2026-12-07T12:00:00Z"));
    }

    public ManualClock(Instant start) {
        this.now = start;
    }

    /** Moves the clock to {@code instant} (back as well as forward). */
    public void set(Instant instant) {
        now = instant;
    }

    /** Moves the clock on by {@code duration} (back, if it is negative). */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}

package io.pulsecrm.bench.load;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * How hard and how long to drive each scenario. Closed loop: {@code concurrency} workers each issue
 * their next operation as soon as the previous one completes.
 *
 * @param concurrency operations in flight at once
 * @param duration    how long to measure, unless {@code requests} is given
 * @param requests    measure exactly this many operations instead of for a duration
 * @param warmup      unmeasured load before measuring, so JIT compilation and connection set-up
 *                    do not land in the figures
 */
public record LoadPlan(int concurrency, Duration duration, OptionalLong requests, Duration warmup) {

    public LoadPlan {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    public String describe() {
        String measure = requests.isPresent() ? requests.getAsLong() + " operations" : seconds(duration);
        return measure + " at concurrency " + concurrency + (warmup.isZero() ? "" : ", after " + seconds(warmup) + " warm-up");
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}

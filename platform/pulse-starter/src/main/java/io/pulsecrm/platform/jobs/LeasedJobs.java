package io.pulsecrm.platform.jobs;

import java.time.Clock;
import java.time.Duration;

import net.javacrumbs.shedlock.core.LockingTaskExecutor;

/** Creates {@link LeasedJob}s: scheduled work that runs once across all replicas of a service. */
public class LeasedJobs {

    private final LockingTaskExecutor locks;
    private final Clock clock;

    public LeasedJobs(LockingTaskExecutor locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
    }

    /** @param name names the lease and the job's actor ({@code system:<name>}); unique within the service */
    public LeasedJob every(Duration interval, String name, Runnable work) {
        return new LeasedJob(name, interval, work, locks, clock);
    }
}

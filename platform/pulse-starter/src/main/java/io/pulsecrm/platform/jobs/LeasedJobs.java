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
        // a replica that dies mid-run holds the lease at most this long
        return every(interval, name, interval.multipliedBy(6).plusSeconds(30), work);
    }

    /** @param lease the longest one run may take; a replica that dies mid-run blocks others at most this long */
    public LeasedJob every(Duration interval, String name, Duration lease, Runnable work) {
        return new LeasedJob(name, interval, lease, work, locks, clock);
    }
}

package io.pulsecrm.platform.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pulsecrm.platform.context.EventContext;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A recurring job that runs on one replica at a time. Every {@code interval} (first right at start, so a
 * restarted service catches up at once) the replica that takes the job's lease runs it; the lease is a
 * ShedLock record in the service's own store. Events the job produces name {@code system:<name>} as actor.
 * Create one with {@link LeasedJobs#every} and expose it as a bean so Spring starts and stops it.
 */
public final class LeasedJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeasedJob.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Duration interval;
    private final Duration lease;
    private final Runnable work;
    private final LockingTaskExecutor locks;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    LeasedJob(String name, Duration interval, Duration lease, Runnable work, LockingTaskExecutor locks, Clock clock) {
        this.name = name;
        this.interval = interval;
        this.lease = lease;
        this.work = work;
        this.locks = locks;
        this.clock = clock;
    }

    /** Runs the job now if this replica gets the lease; failures are logged, the next run retries. */
    public void runOnce() {
        try {
            EventContext.asSystem(name, () -> locks.executeWithLock(work,
                    new LockConfiguration(clock.instant(), name, lease, Duration.ZERO)));
        } catch (RuntimeException e) {
            log.warn("Job {} failed; next attempt in {}: {}", name, interval, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
        scheduler.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Stops before the web server and listeners, so a last run's events are still published by the relay. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE + 100;
    }

    public String name() {
        return name;
    }
}

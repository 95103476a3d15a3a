package io.pulsecrm.automation.runs;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.pulsecrm.automation.AutomationProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Hands runs to the executor on virtual threads, at most {@code pulse.automation.runs.max-concurrent} at once per
 * replica. A run that finds no free slot is simply left pending: the resume job picks it up on its next pass.
 */
@Component
public class RunDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunDispatcher.class);

    private final RunExecutor executor;
    private final RunStore store;
    private final AutomationProperties.Runs properties;
    private final Clock clock;
    private final Semaphore slots;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("run-", 0).factory());
    private volatile boolean closing;

    RunDispatcher(RunExecutor executor, RunStore store, AutomationProperties properties, Clock clock) {
        this.executor = executor;
        this.store = store;
        this.properties = properties.runs();
        this.clock = clock;
        this.slots = new Semaphore(this.properties.maxConcurrent());
    }

    /** Executes the run soon, here, if a slot is free. */
    public void dispatch(String runId) {
        if (closing || !slots.tryAcquire()) {
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    executor.execute(runId);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
        }
    }

    /** One pass of the resume job: every run that should go on now (waits come due, pending, abandoned). */
    public int dispatchClaimable() {
        int room = Math.min(properties.batchSize(), slots.availablePermits());
        if (room <= 0) {
            return 0;
        }
        List<String> ids = store.claimableIds(clock.instant(), room);
        ids.forEach(this::dispatch);
        return ids.size();
    }

    /** Graceful shutdown: lets runs in flight save their step; anything cut short resumes after its lease. */
    @Override
    public void destroy() throws InterruptedException {
        closing = true;
        threads.shutdown();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("Runs still executing at shutdown are resumed by another replica when their lease expires");
            threads.shutdownNow();
        }
    }
}

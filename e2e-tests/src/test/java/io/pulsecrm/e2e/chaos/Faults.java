package io.pulsecrm.e2e.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The faults injected while the load runs, on a schedule: service instances killed with SIGKILL one after another
 * (never both replicas of one service) and each started again at once, then, once every instance is back, the broker
 * and then the store stopped and started again in place. Records when each fault began and how long until what it
 * broke was back.
 */
final class Faults implements AutoCloseable {

    /** One fault: what was hit, when, and how long until it was back (ready again, or listening again). */
    record Injected(String what, Instant at, Duration until) {
    }

    private final ScaleOutPlatform platform;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Injected> injected = new CopyOnWriteArrayList<>();
    private volatile Instant lastRecovered;

    Faults(ScaleOutPlatform platform) {
        this.platform = platform;
    }

    /**
     * Starts the schedule; the future completes when the last fault is over (the store is back).
     *
     * @param kill        instances to kill, in order, e.g. {@code contacts-service-1}
     * @param first       delay before the first kill
     * @param between     delay between two kills (a killed instance restarts meanwhile)
     * @param settle      delay after every instance is back before the broker restart, and between broker and store
     * @param downtime    how long the broker and the store stay down
     */
    CompletableFuture<Void> start(List<String> kill, Duration first, Duration between, Duration settle, Duration downtime) {
        List<CompletableFuture<Void>> restarts = new ArrayList<>();
        for (int i = 0; i < kill.size(); i++) {
            String instance = kill.get(i);
            restarts.add(CompletableFuture.runAsync(() -> killAndRestart(instance),
                    CompletableFuture.delayedExecutor(first.plus(between.multipliedBy(i)).toMillis(), TimeUnit.MILLISECONDS, threads)));
        }
        return CompletableFuture.allOf(restarts.toArray(CompletableFuture[]::new))
                .thenRunAsync(() -> restart("kafka broker", () -> platform.runner().restartKafka(downtime)),
                        CompletableFuture.delayedExecutor(settle.toMillis(), TimeUnit.MILLISECONDS, threads))
                .thenRunAsync(() -> restart("mongodb store", () -> platform.runner().restartMongo(downtime)),
                        CompletableFuture.delayedExecutor(settle.toMillis(), TimeUnit.MILLISECONDS, threads));
    }

    private void killAndRestart(String instance) {
        Instant at = Instant.now();
        System.out.println("[chaos] SIGKILL " + instance);
        platform.runner().killComponent(instance);
        platform.start(instance);
        Duration back = Duration.between(at, Instant.now());
        System.out.println("[chaos] " + instance + " is ready again after " + back.toMillis() + " ms");
        injected.add(new Injected("SIGKILL " + instance + ", restarted", at, back));
    }

    private void restart(String what, java.util.function.Supplier<Duration> restart) {
        Instant at = Instant.now();
        System.out.println("[chaos] restarting the " + what);
        Duration unavailable = restart.get();
        lastRecovered = Instant.now();
        System.out.println("[chaos] the " + what + " is back after " + unavailable.toMillis() + " ms");
        injected.add(new Injected("restart of the " + what, at, unavailable));
    }

    List<Injected> injected() {
        return List.copyOf(injected);
    }

    /** When the last fault was over. */
    Instant lastRecovered() {
        return lastRecovered;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}

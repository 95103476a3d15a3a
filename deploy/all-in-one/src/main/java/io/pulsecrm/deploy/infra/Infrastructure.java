package io.pulsecrm.deploy.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.pulsecrm.platform.infra.EmbeddedKafkaBroker;
import io.pulsecrm.platform.infra.EmbeddedMongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker and the Mongo store, run inside the launcher's JVM. Both keep their data on disk,
 * so a restart finds the topics, offsets and documents of the previous run.
 */
public final class Infrastructure implements AutoCloseable {

    /** Created on the caller's thread, so logging is initialised once before two threads start logging at once. */
    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedMongoServer mongo;
    private final Duration kafkaStartup;
    private final Duration mongoStartup;

    private Infrastructure(EmbeddedKafkaBroker kafka, EmbeddedMongoServer mongo,
                           Duration kafkaStartup, Duration mongoStartup) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.kafkaStartup = kafkaStartup;
        this.mongoStartup = mongoStartup;
    }

    /**
     * Starts both at once (they are independent); if either fails, the other is closed again.
     * <p>
     * Not on the common fork-join pool: its threads carry the system class loader as context class
     * loader, and Kafka loads its configured classes through that, which fails when the launcher runs
     * from a Spring Boot executable jar. Threads created here inherit the caller's loader.
     */
    public static Infrastructure start(Path kafkaDataDir, int kafkaPort, int kafkaControllerPort,
                                       Path mongoDataFile, int mongoPort) {
        log.info("Starting Kafka on port {} (data in {}) and MongoDB on port {} (data in {})",
                kafkaPort, kafkaDataDir, mongoPort, mongoDataFile);
        try (ExecutorService starters = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("infra-start-", 0).factory())) {
            var kafkaStart = CompletableFuture.supplyAsync(timed(
                    () -> EmbeddedKafkaBroker.persistent(kafkaDataDir, kafkaPort, kafkaControllerPort).start()), starters);
            var mongoStart = CompletableFuture.supplyAsync(timed(
                    () -> EmbeddedMongoServer.persistent(mongoDataFile, mongoPort).start()), starters);
            try {
                CompletableFuture.allOf(kafkaStart, mongoStart).join();
            } catch (CompletionException e) {
                kafkaStart.thenAccept(started -> started.component().close());
                mongoStart.thenAccept(started -> started.component().close());
                throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
            }
            Timed<EmbeddedKafkaBroker> startedKafka = kafkaStart.join();
            Timed<EmbeddedMongoServer> startedMongo = mongoStart.join();
            return new Infrastructure(startedKafka.component(), startedMongo.component(),
                    startedKafka.took(), startedMongo.took());
        }
    }

    public InfrastructureEndpoints endpoints() {
        return new InfrastructureEndpoints(kafka.bootstrapServers(), mongo.connectionString());
    }

    public Duration kafkaStartup() {
        return kafkaStartup;
    }

    public Duration mongoStartup() {
        return mongoStartup;
    }

    /** Stops the broker, waits {@code downtime}, starts it again in place; @return the time it was unavailable */
    public Duration restartKafka(Duration downtime) {
        return restart("Kafka", kafka::close, downtime, kafka::start);
    }

    /** Stops the store, waits {@code downtime}, starts it again in place; @return the time it was unavailable */
    public Duration restartMongo(Duration downtime) {
        return restart("MongoDB", mongo::close, downtime, mongo::start);
    }

    private static Duration restart(String what, Runnable stop, Duration downtime, Runnable start) {
        long begin = System.nanoTime();
        log.info("Restarting {}: stopping", what);
        stop.run();
        try {
            Thread.sleep(downtime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        start.run();
        Duration unavailable = Duration.ofNanos(System.nanoTime() - begin);
        log.info("{} is back after {} ms", what, unavailable.toMillis());
        return unavailable;
    }

    /** Mongo first: it is quick, and the broker's controlled shutdown can take a few seconds. */
    @Override
    public void close() {
        try {
            mongo.close();
        } finally {
            kafka.close();
        }
    }

    private record Timed<T>(T component, Duration took) {
    }

    private static <T> Supplier<Timed<T>> timed(Supplier<T> start) {
        return () -> {
            long begin = System.nanoTime();
            T component = start.get();
            return new Timed<>(component, Duration.ofNanos(System.nanoTime() - begin));
        };
    }
}

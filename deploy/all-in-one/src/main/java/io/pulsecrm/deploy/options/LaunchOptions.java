package io.pulsecrm.deploy.options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the launcher was asked to do, resolved to absolute paths and concrete values.
 *
 * @param repoDir             repository root; service jars are found under it
 * @param dataDir             Kafka log dirs, the Mongo H2 file and the logs live here
 * @param selection           which services and gateway to start
 * @param kafkaPort           Kafka client listener
 * @param kafkaControllerPort KRaft controller listener
 * @param mongoPort           Mongo wire-protocol listener
 * @param startupTimeout      how long each component may take to become ready
 * @param stopGracePeriod     how long a child gets to stop after SIGTERM before it is killed
 * @param childJvmOptions     JVM options for every child process
 * @param startupCacheEnabled start children from a JDK class cache (AOT cache / CDS) built on first start
 * @param keepGoing           keep the ready components running when another fails to start
 * @param help                print usage and exit
 * @param replicas            instances per component, by full or short name ({@code contacts -> 2}); others run one
 */
public record LaunchOptions(
        Path repoDir,
        Path dataDir,
        ComponentSelection selection,
        int kafkaPort,
        int kafkaControllerPort,
        int mongoPort,
        Duration startupTimeout,
        Duration stopGracePeriod,
        List<String> childJvmOptions,
        boolean startupCacheEnabled,
        boolean keepGoing,
        boolean help,
        Map<String, Integer> replicas) {

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_MONGO_PORT = 27017;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(20);
    /**
     * Small heaps and C1 only: six JVMs share two cores, and quick startup matters more here than
     * peak throughput. Serial GC avoids a pool of GC threads per JVM.
     */
    public static final List<String> DEFAULT_CHILD_JVM_OPTIONS =
            List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    public LaunchOptions {
        childJvmOptions = List.copyOf(childJvmOptions);
        replicas = Map.copyOf(replicas);
    }

    /** One instance of every component. */
    public LaunchOptions(Path repoDir, Path dataDir, ComponentSelection selection, int kafkaPort, int kafkaControllerPort,
                         int mongoPort, Duration startupTimeout, Duration stopGracePeriod, List<String> childJvmOptions,
                         boolean startupCacheEnabled, boolean keepGoing, boolean help) {
        this(repoDir, dataDir, selection, kafkaPort, kafkaControllerPort, mongoPort, startupTimeout, stopGracePeriod,
                childJvmOptions, startupCacheEnabled, keepGoing, help, Map.of());
    }

    public Path kafkaDataDir() {
        return dataDir.resolve("kafka");
    }

    /** mongo-java-server's H2 backend keeps every database in this one file. */
    public Path mongoDataFile() {
        return dataDir.resolve("mongo").resolve("pulse");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    /** The broker's and the store's own logs (they run in the launcher's JVM). */
    public Path infrastructureLog() {
        return logDir().resolve("infrastructure.log");
    }

    /** Extracted jars and JDK class caches, one directory per component. */
    public Path startupCacheDir() {
        return dataDir.resolve("startup-cache");
    }

    /** Pid files of running children, so a later start can clean up after a launcher that was killed. */
    public Path runDir() {
        return dataDir.resolve("run");
    }
}

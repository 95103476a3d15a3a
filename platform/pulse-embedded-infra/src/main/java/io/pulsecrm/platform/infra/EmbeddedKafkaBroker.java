package io.pulsecrm.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode (broker + controller), run in-process
 * from Kafka's own server artifact. Storage is formatted on first start and reused afterwards, so a
 * broker pointed at the same data directory keeps its topics and offsets across restarts.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final String LOOPBACK = "127.0.0.1";

    private final Path dataDirectory;
    private final String listenHost;
    private final String advertisedHost;
    private final int port;
    private final int controllerPort;
    private final int defaultPartitions;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDirectory, int port, int controllerPort, int defaultPartitions) {
        this(dataDirectory, LOOPBACK, LOOPBACK, port, controllerPort, defaultPartitions);
    }

    private EmbeddedKafkaBroker(Path dataDirectory, String listenHost, String advertisedHost, int port,
                                int controllerPort, int defaultPartitions) {
        this.dataDirectory = dataDirectory;
        this.listenHost = listenHost;
        this.advertisedHost = advertisedHost;
        this.port = port;
        this.controllerPort = controllerPort;
        this.defaultPartitions = defaultPartitions;
    }

    /** A broker on free ports with throw-away storage, for tests. */
    public static EmbeddedKafkaBroker ephemeral() {
        try {
            return new EmbeddedKafkaBroker(Files.createTempDirectory("pulse-kafka-"), freePort(), freePort(), 3);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker on fixed ports whose storage survives restarts, for the local runner. */
    public static EmbeddedKafkaBroker persistent(Path dataDirectory, int port, int controllerPort) {
        return new EmbeddedKafkaBroker(dataDirectory, port, controllerPort, 3);
    }

    /**
     * A broker whose clients connect from other hosts (a container beside the services' containers): it listens on
     * {@code listenHost} (e.g. {@code 0.0.0.0}) and tells clients to reach it at {@code advertisedHost}.
     */
    public static EmbeddedKafkaBroker persistent(Path dataDirectory, String listenHost, String advertisedHost, int port,
                                                 int controllerPort) {
        return new EmbeddedKafkaBroker(dataDirectory, listenHost, advertisedHost, port, controllerPort, 3);
    }

    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        try {
            Files.createDirectories(dataDirectory);
            KafkaConfig config = KafkaConfig.fromProps(brokerProperties());
            formatStorageIfNeeded(config);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            log.info("Kafka broker (KRaft) listening on {} with data in {}", bootstrapServers(), dataDirectory);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return advertisedHost + ":" + port;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Properties brokerProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + listenHost + ":" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + advertisedHost + ":" + port);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDirectory.toAbsolutePath().toString());
        props.put("num.partitions", String.valueOf(defaultPartitions));
        props.put("auto.create.topics.enable", "true");
        // single node: every internal topic has one replica
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.retention.hours", "168");
        return props;
    }

    private void formatStorageIfNeeded(KafkaConfig config) throws Exception {
        if (Files.exists(dataDirectory.resolve("meta.properties"))) {
            return; // formatted by an earlier start: keep its cluster id and data
        }
        new Formatter()
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dataDirectory.toAbsolutePath().toString()))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}

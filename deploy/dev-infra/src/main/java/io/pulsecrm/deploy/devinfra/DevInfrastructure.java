package io.pulsecrm.deploy.devinfra;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.pulsecrm.platform.infra.EmbeddedKafkaBroker;
import io.pulsecrm.platform.infra.EmbeddedMongoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One development stand-in per container: {@code kafka} runs a real single-node KRaft broker (Kafka's own server),
 * {@code mongo} the embedded MongoDB wire-protocol store. They let the service images run where neither Kafka nor
 * MongoDB is installed (the Podman run of the Helm chart); production uses Strimzi and MongoDB (docs/operations.md).
 * <p>
 * Settings come from the environment: {@code KAFKA_PORT} (9092), {@code KAFKA_ADVERTISED_HOST} (this host's name:
 * what clients in other containers connect to), {@code MONGO_PORT} (27017), {@code PULSE_DATA_DIR} (/tmp/data;
 * mount a volume there to keep data across restarts).
 */
public final class DevInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(DevInfrastructure.class);

    private DevInfrastructure() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || !(args[0].equals("kafka") || args[0].equals("mongo"))) {
            System.err.println("Usage: dev-infra kafka|mongo   (settings: KAFKA_PORT, KAFKA_ADVERTISED_HOST, MONGO_PORT, PULSE_DATA_DIR)");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        Path dataDir = Path.of(env.getOrDefault("PULSE_DATA_DIR", "/tmp/data"));
        AutoCloseable running = switch (args[0]) {
            case "kafka" -> {
                int port = port(env, "KAFKA_PORT", 9092);
                String advertised = env.getOrDefault("KAFKA_ADVERTISED_HOST", hostName());
                var broker = EmbeddedKafkaBroker.persistent(dataDir.resolve("kafka"), "0.0.0.0", advertised, port,
                        port(env, "KAFKA_CONTROLLER_PORT", 9093)).start();
                log.info("Kafka stand-in ready: clients bootstrap from {}", broker.bootstrapServers());
                yield broker;
            }
            default -> {
                int port = port(env, "MONGO_PORT", 27017);
                var store = EmbeddedMongoServer.listeningOn(dataDir.resolve("mongo").resolve("pulse"), "0.0.0.0", port).start();
                log.info("MongoDB stand-in ready on port {}", port);
                yield store;
            }
        };
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM from the container runtime: close cleanly so the data on disk stays consistent
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed", args[0], e);
            } finally {
                stopped.countDown();
            }
        }, "dev-infra-stop"));
        stopped.await();
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

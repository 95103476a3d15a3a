package io.pulsecrm.deploy.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a Pulse service, run as a real child JVM by the launcher's tests: starts in a fraction
 * of a second, answers the readiness endpoint like Spring Boot does, and behaves as each test asks
 * through environment variables. JDK classes only, so it runs from a tiny jar.
 */
public final class FakeService {

    /** Milliseconds after start before readiness says UP; -1 never. */
    public static final String READY_AFTER_MS = "FAKE_READY_AFTER_MS";
    /** File the shutdown hook writes: proof that SIGTERM gave a graceful shutdown. */
    public static final String SHUTDOWN_MARKER = "FAKE_SHUTDOWN_MARKER";
    /** Make the shutdown hook hang, as a service stuck in shutdown would. */
    public static final String HANG_ON_SHUTDOWN = "FAKE_HANG_ON_SHUTDOWN";
    public static final String ENV_PATH = "/env";
    public static final String STARTED_LINE = "fake service started";

    private FakeService() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        long readyAfter = Long.parseLong(env.getOrDefault(READY_AFTER_MS, "0"));
        long startedAt = System.currentTimeMillis();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(env.get("PORT"))), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            boolean ready = readyAfter >= 0 && System.currentTimeMillis() - startedAt >= readyAfter;
            respond(exchange, ready ? 200 : 503, ready
                    ? "{\"status\":\"UP\"}"
                    : "{\"components\":{\"mongo\":{\"status\":\"DOWN\"},\"readinessState\":{\"status\":\"UP\"}},\"status\":\"DOWN\"}");
        });
        server.createContext(ENV_PATH, exchange -> respond(exchange, 200, env.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining("\n"))));
        server.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (env.containsKey(HANG_ON_SHUTDOWN)) {
                sleepForever();
            }
            server.stop(0);
            if (env.containsKey(SHUTDOWN_MARKER)) {
                try {
                    Files.writeString(Path.of(env.get(SHUTDOWN_MARKER)), "graceful");
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }
        }));
        System.out.println(STARTED_LINE + " on port " + env.get("PORT"));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleepForever() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // a stuck service ignores interrupts too
            }
        }
    }
}

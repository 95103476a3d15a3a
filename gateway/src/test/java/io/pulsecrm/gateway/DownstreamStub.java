package io.pulsecrm.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for a Pulse service, on a loopback port. It records what it receives
 * and answers by the last path segment:
 * <ul>
 * <li>{@code .../missing} 404, {@code .../conflict} 409, {@code .../broken} 500, each with a
 * problem+json body of its own;</li>
 * <li>{@code .../slow} sleeps {@link #SLOW_RESPONSE} before answering 200;</li>
 * <li>anything else: 200 (201 with a Location for POST) echoing the request body, with an ETag.</li>
 * </ul>
 * Like a real service it echoes the {@code X-Request-Id} it received and, when asked by a browser,
 * answers CORS permissively, so tests can check that the gateway does not double those headers.
 */
final class DownstreamStub implements AutoCloseable {

    static final Duration SLOW_RESPONSE = Duration.ofSeconds(3);
    static final int STREAMED_EVENTS = 3;
    /** Longer than the notification route's response timeout in the tests. */
    static final Duration STREAM_PAUSE = Duration.ofMillis(700);

    static final String SERVED_BY = "X-Served-By";

    record RecordedRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
            String body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        List<String> headerValues(String name) {
            return headers.getOrDefault(name, List.of());
        }
    }

    private final String name;

    private final HttpServer server;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private final ConcurrentLinkedQueue<RecordedRequest> received = new ConcurrentLinkedQueue<>();

    private DownstreamStub(String name, int port) {
        this.name = name;
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on any free port. */
    static DownstreamStub start(String name) {
        return new DownstreamStub(name, 0);
    }

    /** Starts on the given port, e.g. one a test reserved earlier and kept free. */
    static DownstreamStub start(String name, int port) {
        return new DownstreamStub(name, port);
    }

    /** A loopback port nothing listens on (at the time of the call). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String urlFor(int port) {
        return "http://127.0.0.1:" + port;
    }

    String url() {
        return urlFor(server.getAddress().getPort());
    }

    /** The request this stub received carrying the given request id, if any. */
    Optional<RecordedRequest> requestWithId(String requestId) {
        return received.stream().filter(r -> requestId.equals(r.header("X-Request-Id"))).findFirst();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Where the gateway's load balancer checks an instance's health (it balances over services with several URLs). */
    static final String HEALTH_PATH = "/actuator/health/liveness";

    private volatile boolean healthy = true;

    private volatile boolean dropping;

    /** Makes the health endpoint answer 200 (the default) or 503. */
    void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    /**
     * Makes every request but health checks end with the connection closed and no answer, after the request was read:
     * an instance that dies mid-request.
     */
    void dropRequests(boolean dropping) {
        this.dropping = dropping;
    }

    /** Requests received (health checks aside) with this method. */
    long received(String method) {
        return received.stream().filter(r -> r.method().equals(method)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (HEALTH_PATH.equals(exchange.getRequestURI().getPath())) {
                respond(exchange, healthy ? 200 : 503, "application/json",
                        healthy ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
                return;
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            if (dropping) {
                received.add(new RecordedRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                        copy(exchange.getRequestHeaders()), new String(body, UTF_8)));
                // closing an exchange that sent no response headers closes its connection (finally, below)
                return;
            }
            received.add(new RecordedRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                    copy(exchange.getRequestHeaders()), new String(body, UTF_8)));

            Headers request = exchange.getRequestHeaders();
            Headers response = exchange.getResponseHeaders();
            response.set(SERVED_BY, name);
            if (request.containsKey("X-Request-Id")) {
                response.set("X-Request-Id", request.getFirst("X-Request-Id"));
            }
            if (request.containsKey("Origin")) {
                response.set("Access-Control-Allow-Origin", "*");
            }

            String path = uri.getPath();
            String lastSegment = path.substring(path.lastIndexOf('/') + 1);
            switch (lastSegment) {
                case "missing" -> problem(exchange, 404, "Not Found", "no such contact");
                case "conflict" -> problem(exchange, 409, "Conflict", "version mismatch");
                case "broken" -> problem(exchange, 500, "Internal Server Error", "bug in the service");
                case "stream" -> streamEvents(exchange);
                case "slow" -> {
                    sleep(SLOW_RESPONSE);
                    respond(exchange, 200, "application/json", "{\"slow\":true}");
                }
                default -> {
                    response.set("ETag", "\"3\"");
                    boolean created = "POST".equals(exchange.getRequestMethod());
                    if (created) {
                        response.set("Location", path + "/42");
                    }
                    String contentType = Optional.ofNullable(request.getFirst("Content-Type")).orElse("application/json");
                    respond(exchange, created ? 201 : 200, contentType,
                            body.length > 0 ? new String(body, UTF_8) : "{\"service\":\"" + name + "\"}");
                }
            }
        }
        finally {
            exchange.close();
        }
    }

    /** Server-sent events with pauses longer than any test route's response timeout. */
    private static void streamEvents(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        var body = exchange.getResponseBody();
        for (int event = 1; event <= STREAMED_EVENTS; event++) {
            body.write(("id: " + event + "\nevent: notification\ndata: {\"n\":" + event + "}\n\n").getBytes(UTF_8));
            body.flush();
            if (event < STREAMED_EVENTS) {
                sleep(STREAM_PAUSE);
            }
        }
    }

    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        respond(exchange, status, "application/problem+json",
                "{\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}".formatted(title, status, detail));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, List<String>> copy(Headers headers) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((key, values) -> copy.put(key, List.copyOf(values)));
        return copy;
    }
}

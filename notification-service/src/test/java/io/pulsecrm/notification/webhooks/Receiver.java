package io.pulsecrm.notification.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/** A partner's webhook endpoint: a real HTTP server on loopback that records what it got. */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Received(String id, String timestamp, String signature, String contentType, String body) {
    }

    /** What to answer: a status and extra headers. */
    record Answer(int status, Map<String, String> headers) {
        static Answer ok() {
            return new Answer(204, Map.of());
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Answer> behaviour = r -> Answer.ok();
    private final HttpServer server;

    private Receiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hooks", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            var headers = exchange.getRequestHeaders();
            Received request = new Received(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"), headers.getFirst("content-type"), body);
            received.add(request);
            Answer answer = behaviour.apply(request);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    static Receiver start() {
        return start(0);
    }

    static Receiver start(int port) {
        try {
            return new Receiver(port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void answer(Function<Received, Answer> behaviour) {
        this.behaviour = behaviour;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/hooks";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

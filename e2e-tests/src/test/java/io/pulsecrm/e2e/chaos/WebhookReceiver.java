package io.pulsecrm.e2e.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A partner's webhook endpoint: a real HTTP server on loopback recording every delivery it got, answering 204. */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received: the delivery id ({@code webhook-id}) and the CloudEvent it carried. */
    public record Delivery(String webhookId, String eventId, String eventType) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/hooks", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode event = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"),
                        event.path("id").asString(), event.path("type").asString()));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.pulsecrm.notification;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.pulsecrm.platform.test.TestIdentity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a Server-Sent Events stream over a real socket (java.net.http) and collects its events. */
public final class SseClient implements AutoCloseable {

    /** One SSE event. */
    public record Event(String id, String name, String data) {
        public JsonNode json() {
            return JsonMapper.builder().build().readTree(data);
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** The user's own stream, with their access token in the Authorization header. */
    public static SseClient open(int port, String userId, String lastEventId) {
        HttpResponse<Stream<String>> response = connect(port, "", Map.of("Authorization",
                "Bearer " + TestIdentity.shared().tokenFor(userId)), lastEventId);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + response.statusCode());
        }
        return new SseClient(response);
    }

    /** The user's own stream, with the token as an {@code access_token} query parameter (as EventSource clients do). */
    public static SseClient openWithQueryToken(int port, String userId) {
        HttpResponse<Stream<String>> response = connect(port,
                "?access_token=" + TestIdentity.shared().tokenFor(userId), Map.of(), null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + response.statusCode());
        }
        return new SseClient(response);
    }

    /** Tries to open {@code /api/notifications/stream<query>}; @return its status (the stream is closed again) */
    public static int statusOf(int port, String query, Map<String, String> headers) {
        HttpResponse<Stream<String>> response = connect(port, query, headers, null);
        response.body().close();
        return response.statusCode();
    }

    private static HttpResponse<Stream<String>> connect(int port, String query, Map<String, String> headers,
                                                        String lastEventId) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/notifications/stream" + query))
                    .header("Accept", "text/event-stream").GET();
            headers.forEach(request::header);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpClient client = HttpClient.newHttpClient();
            return client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String contentType() {
        return response.headers().firstValue("content-type").orElse("");
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (!data.isEmpty() || name != null) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException e) {
            // closed
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public Event await(Predicate<Event> condition) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> events.stream().filter(condition).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}

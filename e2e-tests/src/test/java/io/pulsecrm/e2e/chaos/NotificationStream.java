package io.pulsecrm.e2e.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A user's live notification stream ({@code GET /api/notifications/stream}, server-sent events) read as a browser's
 * EventSource reads it: when the connection breaks (its replica was killed), it connects again, sending the last
 * event id it got ({@code Last-Event-ID}) so the server replays what it missed. Records the ids of every notification
 * that arrived.
 */
final class NotificationStream implements AutoCloseable {

    /** EventSource's default reconnection delay is about this. */
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final String name;
    private final URI url;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread reader;
    private volatile String lastEventId;
    private volatile boolean open = true;
    private volatile Stream<String> current;

    /**
     * @param baseUrl the gateway, or one notification-service instance
     */
    NotificationStream(String name, String baseUrl, Supplier<String> token) {
        this.name = name;
        this.url = URI.create(baseUrl + "/api/notifications/stream");
        this.token = token;
        this.reader = Thread.ofVirtual().name("sse-" + name).start(this::readUntilClosed);
    }

    /** Ids of the notifications that reached this stream. */
    Set<String> received() {
        return Set.copyOf(received);
    }

    /** Connections made: 1 plus a reconnection after each break. */
    int connections() {
        return connections.get();
    }

    /** True once the first connection is open. */
    boolean connected() {
        return connections.get() > 0;
    }

    String name() {
        return name;
    }

    private void readUntilClosed() {
        while (open) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(url).GET()
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + token.get());
                if (lastEventId != null) {
                    request.header("Last-Event-ID", lastEventId);
                }
                HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 200) {
                    connections.incrementAndGet();
                    current = response.body();
                    read(response.body());
                } else {
                    response.body().close();
                }
            } catch (IOException | RuntimeException broken) {
                // the replica went away: connect again, as EventSource does
            } catch (InterruptedException e) {
                return;
            }
            if (open) {
                try {
                    Thread.sleep(RECONNECT_DELAY); // EventSource's own reconnection delay, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void read(Stream<String> lines) {
        String id = null;
        boolean notification = false;
        try (lines) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (id != null && notification) {
                        received.add(id);
                        lastEventId = id;
                    }
                    id = null;
                    notification = false;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    notification = "notification".equals(line.substring(6).strip());
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        Stream<String> stream = current;
        if (stream != null) {
            stream.close();
        }
        reader.interrupt();
    }
}

package io.pulsecrm.bench.notifications;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.pulsecrm.bench.api.PulseApi;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One open {@code GET /api/notifications/stream} (Server-Sent Events) of a user, read on a virtual thread: every
 * {@code notification} event completes the waiter registered for its (type, subject id), with the time it arrived.
 */
final class NotificationStream implements AutoCloseable {

    private final JsonMapper json = JsonMapper.shared();
    private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile Stream<String> lines;

    private NotificationStream(HttpResponse<Stream<String>> response, String userId) {
        this.lines = response.body();
        this.reader = Thread.ofVirtual().name("sse-" + userId).start(this::read);
    }

    static NotificationStream open(PulseApi api, String userId) throws Exception {
        HttpResponse<Stream<String>> response = api.stream("/api/notifications/stream?userId=" + userId);
        if (response.statusCode() != 200) {
            response.body().close();
            throw new ScenarioUnavailableException("the notification stream of " + userId + " answered HTTP "
                    + response.statusCode() + " (is notification-service running?)");
        }
        return new NotificationStream(response, userId);
    }

    /** Completes with {@link System#nanoTime()} when the notification of this type about this subject arrives. */
    CompletableFuture<Long> expect(String type, String subjectId) {
        CompletableFuture<Long> arrival = new CompletableFuture<>();
        waiting.put(type + "|" + subjectId, arrival);
        return arrival;
    }

    void forget(String type, String subjectId) {
        waiting.remove(type + "|" + subjectId);
    }

    private void read() {
        StringBuilder data = new StringBuilder();
        String event = "message";
        try {
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if ("notification".equals(event) && !data.isEmpty()) {
                        dispatch(data.toString());
                    }
                    data.setLength(0);
                    event = "message";
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (RuntimeException closed) {
            // the stream ended (closed by us, a timeout or the server)
        }
        waiting.values().forEach(waiter -> waiter.completeExceptionally(new IllegalStateException("stream ended")));
    }

    private void dispatch(String payload) {
        long arrived = System.nanoTime();
        JsonNode notification = json.readTree(payload);
        CompletableFuture<Long> waiter = waiting.remove(notification.path("type").asString("") + "|"
                + notification.path("subjectId").asString(""));
        if (waiter != null) {
            waiter.complete(arrived);
        }
    }

    @Override
    public void close() {
        Stream<String> current = lines;
        if (current != null) {
            current.close();
        }
        reader.interrupt();
    }
}

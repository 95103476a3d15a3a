package io.pulsecrm.bench.notifications;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pulsecrm.bench.api.PulseApi;
import io.pulsecrm.bench.api.PlatformTokens;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import org.HdrHistogram.Recorder;
import tools.jackson.databind.JsonNode;

/**
 * Live push latency: with the notification streams of two users open through the gateway (Server-Sent Events),
 * one operation assigns a task to one of them ({@code POST /api/tasks/{id}/assign}, as the admin) and ends when the
 * {@code task_assigned} notification arrives on that user's stream: tasks-service, its outbox and Kafka,
 * notification-service's trigger, inbox and push, both gateway hops. The latencies in the report are this time,
 * action to event on the stream (p50, p99); the progress lines split it into the assign call and what follows its
 * answer.
 * <p>
 * Signs in as the admin ({@code PULSE_BENCH_USER} / {@code PULSE_BENCH_PASSWORD}, default {@code alex}) and assigns
 * tasks created in set-up (titled {@code bench push <tag>}) back and forth between {@code ada} and {@code bob}
 * ({@code PULSE_BENCH_PUSH_USERS}, two users of the directory): each operation adds a notification to their inboxes.
 * Needs the gateway, identity-service, tasks-service and notification-service.
 */
public final class SsePushScenario implements Scenario {

    public static final String NAME = "sse-push";
    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.baseline(NAME,
            "task assigned through the gateway until its notification arrives on the assignee's open SSE stream",
            SsePushScenario::new);

    /** A task of the bench and whom it is assigned to now; one operation at a time uses it. */
    private record BenchTask(String id, String etag, String assignee) {
    }

    private final BenchTargets targets;
    private final String tag = Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
    private final BlockingQueue<BenchTask> idle = new LinkedBlockingQueue<>();
    private final Recorder assignCall = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
    private final Recorder afterAnswer = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
    private List<String> users;
    private PulseApi admin;
    private Map<String, NotificationStream> streams;

    private SsePushScenario(BenchTargets targets) {
        this.targets = targets;
    }

    @Override
    public void setUp() throws Exception {
        PulseApi.requireGateway(targets);
        users = List.of(System.getenv().getOrDefault("PULSE_BENCH_PUSH_USERS", "ada,bob").split("\\s*,\\s*"));
        if (users.size() != 2) {
            throw new ScenarioUnavailableException("PULSE_BENCH_PUSH_USERS must name two users of the directory");
        }
        admin = new PulseApi(targets, PlatformTokens.admin(targets));
        streams = Map.of(users.get(0), NotificationStream.open(admin, users.get(0)),
                users.get(1), NotificationStream.open(admin, users.get(1)));
        int tasks = Math.max(targets.concurrency() * 2, 8);
        for (int i = 0; i < tasks; i++) {
            HttpResponse<String> created = admin.post("/api/tasks", Map.of("type", "todo",
                    "title", "bench push " + tag + " #" + i, "assigneeId", users.get(1)));
            if (created.statusCode() != 201) {
                throw new ScenarioUnavailableException("creating a task answered HTTP " + created.statusCode()
                        + " (is tasks-service running?): " + created.body());
            }
            idle.add(new BenchTask(admin.json(created).get("id").asString(),
                    created.headers().firstValue("ETag").orElseThrow(), users.get(1)));
        }
    }

    @Override
    public void execute(long sequence) throws Exception {
        BenchTask task = idle.take();
        String to = task.assignee().equals(users.get(0)) ? users.get(1) : users.get(0);
        NotificationStream stream = streams.get(to);
        CompletableFuture<Long> arrival = stream.expect("task_assigned", task.id());
        long started = System.nanoTime();
        BenchTask next = task;
        try {
            HttpResponse<String> assigned = admin.send("POST", "/api/tasks/" + task.id() + "/assign",
                    Map.of("assigneeId", to), Map.of("If-Match", task.etag()));
            long answered = System.nanoTime();
            if (assigned.statusCode() != 200) {
                next = reload(task);
                throw new OperationFailedException("assign answered HTTP " + assigned.statusCode());
            }
            next = new BenchTask(task.id(), assigned.headers().firstValue("ETag").orElseThrow(), to);
            long pushed;
            try {
                pushed = arrival.get(targets.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new OperationFailedException("no notification on the stream within the timeout");
            }
            assignCall.recordValue(Math.max(0, (answered - started) / 1000));
            afterAnswer.recordValue(Math.max(0, (pushed - answered) / 1000));
        } finally {
            stream.forget("task_assigned", task.id());
            idle.put(next);
        }
    }

    /** The task's current version and assignee, after an assign that did not go through. */
    private BenchTask reload(BenchTask task) throws Exception {
        HttpResponse<String> current = admin.send("GET", "/api/tasks/" + task.id(), null, Map.of());
        if (current.statusCode() != 200) {
            return task;
        }
        JsonNode json = admin.json(current);
        return new BenchTask(task.id(), current.headers().firstValue("ETag").orElse(task.etag()),
                json.path("assigneeId").asString(task.assignee()));
    }

    @Override
    public void close() {
        var call = assignCall.getIntervalHistogram();
        var rest = afterAnswer.getIntervalHistogram();
        if (call.getTotalCount() > 0) {
            System.err.printf("   of which (warm-up included) the assign call: p50 %.1f ms, p99 %.1f ms; "
                            + "its answer -> the event on the stream: p50 %.1f ms, p99 %.1f ms%n",
                    call.getValueAtPercentile(50) / 1000.0, call.getValueAtPercentile(99) / 1000.0,
                    rest.getValueAtPercentile(50) / 1000.0, rest.getValueAtPercentile(99) / 1000.0);
        }
        if (streams != null) {
            streams.values().forEach(NotificationStream::close);
        }
        if (admin != null) {
            admin.close();
        }
    }
}

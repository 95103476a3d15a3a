package io.pulsecrm.bench.automation;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pulsecrm.bench.api.PlatformTokens;
import io.pulsecrm.bench.api.PulseApi;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Automation end to end: from the API call that moves a deal to the task an automation rule creates for it. Set-up
 * (as the admin, {@code PULSE_BENCH_USER} / {@code PULSE_BENCH_PASSWORD}, default {@code alex}) creates a pipeline
 * {@code Bench automation <tag>} and a rule "a deal of that pipeline moved into Proposal or Negotiation → a task for
 * its owner titled {@code Bench automation <deal id> to <stage>}", and deals in it. One operation moves a deal to the
 * other of the two stages ({@code POST /api/deals/{id}/move} through the gateway) and ends when tasks-service
 * publishes {@code pulse.task.created.v1} with that title on {@code pulse.tasks.task.v1} (read from Kafka, {@code
 * --kafka}): deals-service and its outbox, Kafka, automation-service's trigger, run and call to tasks-service, its
 * outbox. The latencies in the report are this time; the progress lines split it into the move call and what
 * follows its answer. Needs the gateway, identity-service, deals-, automation- and tasks-service, and the broker.
 */
public final class AutomationTaskScenario implements Scenario {

    public static final String NAME = "automation-task";
    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.baseline(NAME,
            "deal moved through the gateway until tasks-service publishes the task its automation rule created",
            AutomationTaskScenario::new);

    static final String TASKS_TOPIC = "pulse.tasks.task.v1";
    private static final String TASK_CREATED = "pulse.task.created.v1";
    private static final List<String> STAGES = List.of("Proposal", "Negotiation");
    private static final Duration POLL = Duration.ofMillis(100);

    /** A deal of the bench, its version and stage; one operation at a time uses it. */
    private record BenchDeal(String id, String etag, String stage) {
    }

    private final BenchTargets targets;
    private final String tag = Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
    private final BlockingQueue<BenchDeal> idle = new LinkedBlockingQueue<>();
    /** Operations waiting for their task, by the title the rule gives it; completed with the nano time it was seen. */
    private final Map<String, CompletableFuture<Long>> expected = new ConcurrentHashMap<>();
    private final Recorder moveCall = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
    private final Recorder afterAnswer = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
    private final JsonMapper json = JsonMapper.shared();
    private PulseApi admin;
    private Map<String, String> stageIds;
    private KafkaConsumer<String, String> consumer;
    private Thread listener;
    private String ruleId;
    private String ruleEtag;

    private AutomationTaskScenario(BenchTargets targets) {
        this.targets = targets;
    }

    @Override
    public void setUp() throws Exception {
        PulseApi.requireGateway(targets);
        admin = new PulseApi(targets, PlatformTokens.admin(targets));
        listenForTasks();

        JsonNode pipeline = created(admin.post("/api/pipelines", Map.of("name", "Bench automation " + tag,
                "lostReasons", List.of("Price"), "stages", List.of(Map.of("name", "Lead", "probability", 10),
                        Map.of("name", STAGES.get(0), "probability", 60), Map.of("name", STAGES.get(1), "probability", 80),
                        Map.of("name", "Won", "kind", "won"),
                        Map.of("name", "Lost", "kind", "lost")))), "creating a pipeline");
        stageIds = new ConcurrentHashMap<>();
        pipeline.get("stages").forEach(stage -> stageIds.put(stage.get("name").asString(), stage.get("id").asString()));
        HttpResponse<String> rule = admin.post("/api/automation/rules", json.readTree("""
                {"name": "Bench automation %s",
                 "trigger": {"type": "event", "events": ["pulse.deal.stage_changed.v1"], "field": "stage.id"},
                 "conditions": {"all": [{"field": "deal.pipelineId", "op": "equals", "value": "%s"},
                                        {"field": "newStage.name", "op": "in", "value": ["%s", "%s"]}]},
                 "actions": [{"type": "create_task", "taskType": "todo", "title": "Bench automation {{deal.id}} to {{newStage.name}}",
                              "assignee": {"type": "owner"}}]}"""
                .formatted(tag, pipeline.get("id").asString(), STAGES.get(0), STAGES.get(1))));
        ruleId = created(rule, "creating the automation rule (is automation-service running?)").get("id").asString();
        ruleEtag = rule.headers().firstValue("ETag").orElse(null);

        int deals = Math.max(targets.concurrency() * 2, 4);
        for (int i = 0; i < deals; i++) {
            HttpResponse<String> deal = admin.post("/api/deals", Map.of("title", "Bench automation " + tag + " #" + i,
                    "pipelineId", pipeline.get("id").asString()));
            idle.add(new BenchDeal(created(deal, "creating a deal (is deals-service running?)").get("id").asString(),
                    deal.headers().firstValue("ETag").orElseThrow(), "Lead"));
        }
    }

    /** Reads the tasks topic from its end on, completing the operation whose task each created event names. */
    private void listenForTasks() {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, targets.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) targets.requestTimeout().toMillis()),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions;
        try {
            partitions = consumer.partitionsFor(TASKS_TOPIC).stream()
                    .map(info -> new TopicPartition(TASKS_TOPIC, info.partition())).toList();
        } catch (RuntimeException e) {
            consumer.close();
            throw new ScenarioUnavailableException("Kafka at " + targets.kafkaBootstrap() + " did not list " + TASKS_TOPIC
                    + " (" + e + "). Start the platform with deploy/all-in-one/run, or pass --kafka HOST:PORT.", e);
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now: only tasks created from here on count
        listener = Thread.ofPlatform().name("automation-task-listener").daemon(true).start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        long seen = System.nanoTime();
                        JsonNode event;
                        try {
                            event = json.readTree(record.value());
                        } catch (RuntimeException e) {
                            continue; // not an event of ours to match
                        }
                        if (TASK_CREATED.equals(event.path("type").asString())) {
                            CompletableFuture<Long> waiting = expected.get(event.at("/data/task/title").asString(""));
                            if (waiting != null) {
                                waiting.complete(seen);
                            }
                        }
                    }
                }
            } catch (WakeupException e) {
                // close() ends the loop
            }
        });
    }

    @Override
    public void execute(long sequence) throws Exception {
        BenchDeal deal = idle.take();
        String to = STAGES.get(0).equals(deal.stage()) ? STAGES.get(1) : STAGES.get(0);
        // the stage is in the title, so a late task of this deal's previous move never ends this one
        String title = "Bench automation " + deal.id() + " to " + to;
        CompletableFuture<Long> observed = new CompletableFuture<>();
        expected.put(title, observed);
        long started = System.nanoTime();
        BenchDeal next = deal;
        try {
            HttpResponse<String> moved = admin.send("POST", "/api/deals/" + deal.id() + "/move",
                    Map.of("stageId", stageIds.get(to)), Map.of("If-Match", deal.etag()));
            long answered = System.nanoTime();
            if (moved.statusCode() != 200) {
                next = reload(deal);
                throw new OperationFailedException("move answered HTTP " + moved.statusCode());
            }
            next = new BenchDeal(deal.id(), moved.headers().firstValue("ETag").orElseThrow(), to);
            long seen;
            try {
                seen = observed.get(targets.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new OperationFailedException("no task created within the timeout");
            }
            moveCall.recordValue(Math.max(0, (answered - started) / 1000));
            afterAnswer.recordValue(Math.max(0, (seen - answered) / 1000));
        } finally {
            expected.remove(title);
            idle.put(next);
        }
    }

    /** The deal's current version and stage, after a move that did not go through. */
    private BenchDeal reload(BenchDeal deal) throws Exception {
        HttpResponse<String> current = admin.send("GET", "/api/deals/" + deal.id(), null, Map.of());
        if (current.statusCode() != 200) {
            return deal;
        }
        String stageId = admin.json(current).path("stageId").asString();
        String stage = stageIds.entrySet().stream().filter(e -> e.getValue().equals(stageId)).map(Map.Entry::getKey)
                .findFirst().orElse(deal.stage());
        return new BenchDeal(deal.id(), current.headers().firstValue("ETag").orElse(deal.etag()), stage);
    }

    private JsonNode created(HttpResponse<String> response, String what) {
        if (response.statusCode() != 201) {
            throw new ScenarioUnavailableException(what + " answered HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        return admin.json(response);
    }

    @Override
    public void close() {
        var call = moveCall.getIntervalHistogram();
        var rest = afterAnswer.getIntervalHistogram();
        if (call.getTotalCount() > 0) {
            System.err.printf("   of which (warm-up included) the move call: p50 %.1f ms, p99 %.1f ms; "
                            + "its answer -> the task's created event: p50 %.1f ms, p99 %.1f ms%n",
                    call.getValueAtPercentile(50) / 1000.0, call.getValueAtPercentile(99) / 1000.0,
                    rest.getValueAtPercentile(50) / 1000.0, rest.getValueAtPercentile(99) / 1000.0);
        }
        if (ruleId != null && ruleEtag != null) {
            try { // the bench's rule stays for inspection, but no longer acts
                admin.send("POST", "/api/automation/rules/" + ruleId + "/disable", null, Map.of("If-Match", ruleEtag));
            } catch (Exception e) {
                System.err.println("   could not disable the bench rule " + ruleId + ": " + e);
            }
        }
        if (consumer != null) {
            consumer.wakeup();
            if (listener != null) {
                try {
                    listener.join(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            consumer.close();
        }
        if (admin != null) {
            admin.close();
        }
    }
}

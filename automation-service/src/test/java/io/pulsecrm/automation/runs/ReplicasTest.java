package io.pulsecrm.automation.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.automation.support.AutomationTest;
import io.pulsecrm.automation.support.Instances;
import io.pulsecrm.automation.support.StandIns;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Several automation instances and restarts, each on a database of its own test: waits survive a restart, and two
 * instances reading every event (separate consumer groups, the worst case of a rebalance redelivering everything)
 * start one run per (rule, event) and call tasks-service once.
 */
@PulseInfrastructure
class ReplicasTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void topics() throws InterruptedException {
        AutomationTest.createTopics(List.of(AutomationTest.DEALS_TOPIC, "pulse.contacts.contact.v1",
                "pulse.contacts.company.v1", "pulse.contacts.activity.v1", "pulse.tasks.task.v1",
                AutomationTest.NOTIFICATIONS_TOPIC));
    }

    @Test
    void aWaitingRunResumesAfterARestartOnceDue() {
        String database = "automation-restart-" + System.nanoTime();
        String pipeline = java.util.UUID.randomUUID().toString();
        String ruleId;
        String runId;
        try (ConfigurableApplicationContext first = Instances.start(database, "automation-restart-" + pipeline)) {
            ApiClient api = client(first);
            ruleId = createRule(api, pipeline, """
                    [{"type": "wait", "duration": "PT4S"}, {"type": "create_task", "title": "after restart %s"}]""".formatted(pipeline));
            publish(pipeline, "a", "proposal");
            JsonNode waiting = await().atMost(Duration.ofSeconds(30)).until(() -> runs(api, ruleId).stream()
                    .filter(run -> run.get("status").asString().equals("waiting")).findFirst(), java.util.Optional::isPresent).orElseThrow();
            runId = waiting.get("id").asString();
        }
        Instant stopped = Instant.now();
        assertThat(StandIns.shared().taskRequests("after restart " + pipeline)).isEmpty();

        try (ConfigurableApplicationContext second = Instances.start(database, "automation-restart-" + pipeline)) {
            ApiClient api = client(second);
            JsonNode done = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/automation/runs/" + runId).json(),
                    run -> run.get("status").asString().equals("completed"));
            assertThat(done.at("/steps/0/status").asString()).isEqualTo("done");
            assertThat(StandIns.shared().tasksCreated("after restart " + pipeline)).isEqualTo(1);
            StandIns.Request task = StandIns.shared().taskRequests("after restart " + pipeline).getFirst();
            assertThat(task.header("Idempotency-Key")).isEqualTo(runId + ":1");
            assertThat(Instant.parse(done.at("/steps/1/startedAt").asString())).isAfter(stopped);
        }
    }

    @Test
    void twoInstancesReadingTheSameEventsStartOneRunPerRuleAndEvent() {
        String database = "automation-pair-" + System.nanoTime();
        String pipeline = java.util.UUID.randomUUID().toString();
        try (ConfigurableApplicationContext one = Instances.start(database, "automation-pair-1-" + pipeline);
             ConfigurableApplicationContext two = Instances.start(database, "automation-pair-2-" + pipeline)) {
            ApiClient api = client(one);
            String ruleId = createRule(api, pipeline, """
                    [{"type": "create_task", "title": "pair %s"},
                     {"type": "notify", "recipients": [{"type": "owner"}], "title": "pair"}]""".formatted(pipeline));
            // as new consumer groups both read the topic's earlier events first: let that settle, then count from here
            double[] last = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(700)).until(() -> {
                double now = seen(one) + seen(two);
                boolean settled = now == last[0];
                last[0] = now;
                return settled;
            });
            double before1 = seen(one);
            double before2 = seen(two);
            List<String> eventIds = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                eventIds.add(publish(pipeline, "deal-" + i, "proposal").id());
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> runs(api, ruleId).stream()
                    .filter(run -> run.get("status").asString().equals("completed")).count() == 5);
            List<JsonNode> runs = runs(client(two), ruleId);
            assertThat(runs).hasSize(5);
            assertThat(runs).extracting(run -> run.at("/trigger/eventId").asString()).containsExactlyInAnyOrderElementsOf(eventIds);
            List<StandIns.Request> tasks = StandIns.shared().taskRequests("pair " + pipeline);
            assertThat(tasks).hasSize(5);
            assertThat(tasks).extracting(r -> r.header("Idempotency-Key")).doesNotHaveDuplicates();
            // both instances read every one of the five events: each handled it, or found it handled by the other
            await().atMost(Duration.ofSeconds(30)).until(() -> seen(one) - before1 == 5 && seen(two) - before2 == 5);
        }
    }

    private static EventEnvelope publish(String pipeline, String dealSuffix, String stage) {
        String dealId = pipeline + "-" + dealSuffix;
        ObjectNode deal = JSON.createObjectNode().put("id", dealId).put("title", "Deal").put("pipelineId", pipeline)
                .put("ownerId", TestIdentity.EAST_REP).put("status", "open");
        deal.putObject("stage").put("id", stage).put("name", stage).put("kind", "open");
        EventEnvelope event = new EventEnvelope(io.pulsecrm.platform.events.Ids.newId(), "/pulse/deals-service",
                "pulse.deal.stage_changed.v1", dealId, Instant.now(), "urn:pulsecrm:schema:pulse.deal.stage_changed.v1",
                "ada", "deal", 2, io.pulsecrm.platform.events.Ids.newId(), null, null,
                io.pulsecrm.platform.events.EventJson.toTree(Map.of("deal", deal,
                        "previousStage", Map.of("id", "new", "kind", "open"),
                        "newStage", Map.of("id", stage, "name", stage, "kind", "open"), "secondsInPreviousStage", 1,
                        "reason", "moved")));
        io.pulsecrm.platform.test.TestEvents.publish(AutomationTest.DEALS_TOPIC, event);
        return event;
    }

    private static String createRule(ApiClient api, String pipeline, String actions) {
        ApiClient.Response created = api.post("/api/automation/rules", """
                {"name": "replicas", "trigger": {"type": "event", "events": ["pulse.deal.stage_changed.v1"], "field": "stage.id", "to": "proposal"},
                 "conditions": {"field": "deal.pipelineId", "op": "equals", "value": "%s"}, "actions": %s}
                """.formatted(pipeline, actions));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static List<JsonNode> runs(ApiClient api, String ruleId) {
        List<JsonNode> items = new ArrayList<>();
        api.get("/api/automation/runs?ruleId=" + ruleId + "&limit=200").json().get("items").forEach(items::add);
        return items;
    }

    private static double count(ConfigurableApplicationContext context, String meter) {
        return context.getBean(io.micrometer.core.instrument.MeterRegistry.class).find(meter)
                .tag("consumer", "automation-triggers").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** Events the instance's trigger listener handled or found handled. */
    private static double seen(ConfigurableApplicationContext context) {
        return count(context, "pulse.consumer.processed") + count(context, "pulse.consumer.duplicates");
    }

    private static ApiClient client(ConfigurableApplicationContext context) {
        return ApiClient.localhost(Instances.port(context)).as(TestIdentity.ADMIN);
    }
}

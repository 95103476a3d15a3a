package io.pulsecrm.automation.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.automation.support.AutomationTest;
import io.pulsecrm.automation.support.StandIns;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Retries, failures, durable waits and the loop guard, against the stand-in services. */
class RunReliabilityTest extends AutomationTest {

    @Test
    void aStepThatFailsThenSucceedsOnRetryIsAppliedOnceUnderOneIdempotencyKey() {
        String pipeline = unique();
        standIns().failTasks("flaky " + pipeline, 2);
        String ruleId = createRule(stageRule("Flaky", pipeline, "proposal", """
                [{"type": "create_task", "title": "flaky %s"}]""".formatted(pipeline)));

        publish(DEALS_TOPIC, stageChanged(deal(unique(), pipeline, TestIdentity.EAST_REP, "new"), "new", "proposal"));

        JsonNode run = awaitRun(ruleId, Set.of("completed", "failed"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("completed");
        List<StandIns.Request> attempts = standIns().taskRequests("flaky " + pipeline);
        assertThat(attempts).extracting(StandIns.Request::status).containsExactly(503, 503, 201);
        assertThat(attempts).extracting(r -> r.header("Idempotency-Key")).containsOnly(run.get("id").asString() + ":0");
        assertThat(standIns().tasksCreated("flaky " + pipeline)).isEqualTo(1);
        disable(ruleId);
    }

    @Test
    void aRunWhoseStepKeepsFailingIsMarkedFailedAndCanBeRetriedWithTheSameKey() {
        String pipeline = unique();
        standIns().failTasks("down " + pipeline, -1);
        String ruleId = createRule(stageRule("Down", pipeline, "proposal", """
                [{"type": "create_task", "title": "down %s"},
                 {"type": "notify", "recipients": [{"type": "owner"}], "title": "Task created"}]""".formatted(pipeline)));

        publish(DEALS_TOPIC, stageChanged(deal(unique(), pipeline, TestIdentity.EAST_REP, "new"), "new", "proposal"));

        JsonNode failed = awaitRun(ruleId, Set.of("failed", "completed"));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("reason").asString()).contains("step 0 (create_task) failed").contains("503");
        assertThat(failed.at("/steps/0/status").asString()).isEqualTo("failed");
        assertThat(failed.at("/steps/0/error").asString()).contains("tasks-service is down");
        assertThat(failed.at("/steps/0/refused").asBoolean()).isFalse();
        assertThat(failed.at("/steps/0/attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("steps")).hasSize(1);
        ApiClient.Response failedList = api.get("/api/automation/runs?ruleId=" + ruleId + "&status=failed");
        assertThat(failedList.json().get("items")).hasSize(1);

        standIns().healTasks("down " + pipeline);
        ApiClient.Response retried = api.post("/api/automation/runs/" + failed.get("id").asString() + "/retry", "");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        assertThat(retried.json().get("status").asString()).isEqualTo("pending");

        JsonNode done = awaitRun(ruleId, Set.of("completed"));
        assertThat(done.get("retries").asInt()).isEqualTo(1);
        assertThat(done.get("steps")).hasSize(2);
        List<StandIns.Request> calls = standIns().taskRequests("down " + pipeline);
        assertThat(calls).hasSize(4);
        assertThat(calls).extracting(r -> r.header("Idempotency-Key")).containsOnly(done.get("id").asString() + ":0");
        assertThat(standIns().tasksCreated("down " + pipeline)).isEqualTo(1);

        ApiClient.Response again = api.post("/api/automation/runs/" + done.get("id").asString() + "/retry", "");
        assertThat(again.status()).as("only failed runs are retried").isEqualTo(409);
        disable(ruleId);
    }

    @Test
    void aRefusedStepIsNotRetriedAndSaysWhy() {
        String pipeline = unique();
        String ruleId = createRule(stageRule("Refused", pipeline, "proposal", """
                [{"type": "create_task", "title": "refused %s"}]""".formatted(pipeline)));

        publish(DEALS_TOPIC, stageChanged(deal(unique(), pipeline, TestIdentity.EAST_REP, "new"), "new", "proposal"));

        JsonNode failed = awaitRun(ruleId, Set.of("failed", "completed"));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.at("/steps/0/refused").asBoolean()).isTrue();
        assertThat(failed.at("/steps/0/error").asString()).contains("HTTP 400").contains("assigneeId");
        assertThat(standIns().taskRequests("refused " + pipeline)).hasSize(1);
        disable(ruleId);
    }

    @Test
    void aWaitParksTheRunDurablyAndItResumesOnceDue() {
        String pipeline = unique();
        String ruleId = createRule(stageRule("Wait", pipeline, "proposal", """
                [{"type": "wait", "duration": "PT2S"},
                 {"type": "create_task", "title": "after wait %s"}]""".formatted(pipeline)));

        Instant published = Instant.now();
        publish(DEALS_TOPIC, stageChanged(deal(unique(), pipeline, TestIdentity.EAST_REP, "new"), "new", "proposal"));

        JsonNode waiting = awaitRun(ruleId, Set.of("waiting"));
        assertThat(waiting.at("/steps/0/status").asString()).isEqualTo("waiting");
        assertThat(waiting.get("resumeAt").asString()).isNotBlank();
        assertThat(standIns().taskRequests("after wait " + pipeline)).isEmpty();

        JsonNode done = awaitRun(ruleId, Set.of("completed"));
        assertThat(Instant.parse(done.at("/steps/1/startedAt").asString())).isAfterOrEqualTo(published.plusSeconds(2));
        assertThat(standIns().tasksCreated("after wait " + pipeline)).isEqualTo(1);
        disable(ruleId);
    }

    @Test
    void waitUntilResumesWhenTheRecordChangesAndActsOnIt() {
        String source = unique();
        String contactId = unique();
        ObjectNode contact = JSON.createObjectNode().put("firstName", "Grace").put("source", source)
                .put("lifecycleStage", "lead").put("ownerId", TestIdentity.EAST_REP);
        contact.putArray("tags");
        standIns().putContact(contactId, contact);
        String ruleId = createRule(json("""
                {"name": "Tag customers",
                 "trigger": {"type": "event", "events": ["pulse.contact.created.v1"]},
                 "conditions": {"field": "contact.source", "op": "equals", "value": "%s"},
                 "actions": [{"type": "wait_until", "condition": {"field": "record.lifecycleStage", "op": "equals", "value": "customer"},
                              "timeout": "PT30S", "checkEvery": "PT0.3S"},
                             {"type": "add_tag", "tag": "Converted"}]}
                """.formatted(source)));

        publish(CONTACTS_TOPIC, event("pulse.contact.created.v1", contactId, Map.of("contact",
                Map.of("id", contactId, "firstName", "Grace", "source", source, "ownerId", TestIdentity.EAST_REP))));
        awaitRun(ruleId, Set.of("waiting"));
        ((ObjectNode) standIns().record("/api/contacts/" + contactId)).put("lifecycleStage", "customer");

        JsonNode done = awaitRun(ruleId, Set.of("completed"));
        assertThat(done.at("/steps/0/output/conditionMet").asBoolean()).isTrue();
        List<StandIns.Request> patches = standIns().requests(r -> r.method().equals("PATCH")
                && r.path().equals("/api/contacts/" + contactId));
        assertThat(patches).hasSize(1);
        assertThat(patches.getFirst().body().get("tags").toString()).isEqualTo("[\"converted\"]");
        assertThat(patches.getFirst().header("If-Match")).isEqualTo("\"0\"");
        assertThat(patches.getFirst().header("X-Causation-Id")).isEqualTo(done.at("/trigger/eventId").asString());
        disable(ruleId);
    }

    @Test
    void aWebhookActionPostsTheRunTheEventAndTheRecord() {
        String pipeline = unique();
        String dealId = unique();
        standIns().putDeal(dealId, deal(dealId, pipeline, TestIdentity.EAST_REP, "proposal"));
        String ruleId = createRule(stageRule("Hook", pipeline, "proposal",
                "[{\"type\": \"webhook\", \"url\": \"" + standIns().url() + "/hooks/" + pipeline + "\"}]"));

        EventEnvelope moved = stageChanged(deal(dealId, pipeline, TestIdentity.EAST_REP, "new"), "new", "proposal");
        publish(DEALS_TOPIC, moved);

        JsonNode run = awaitRun(ruleId, Set.of("completed", "failed"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("completed");
        StandIns.Request hook = standIns().requests(r -> r.path().equals("/hooks/" + pipeline)).getFirst();
        assertThat(hook.header("Authorization")).as("no Pulse token leaves the platform").isNull();
        assertThat(hook.header("Idempotency-Key")).isEqualTo(run.get("id").asString() + ":0");
        assertThat(hook.header("X-Causation-Id")).isEqualTo(moved.id());
        assertThat(hook.body().get("ruleId").asString()).isEqualTo(ruleId);
        assertThat(hook.body().at("/event/type").asString()).isEqualTo("pulse.deal.stage_changed.v1");
        assertThat(hook.body().at("/record/stage/id").asString()).isEqualTo("proposal");
        disable(ruleId);
    }

    @Test
    void aLoopingPairOfRulesIsStoppedAtTheConfiguredDepthWithTheReason() {
        String pipeline = unique();
        String dealId = unique();
        standIns().putDeal(dealId, deal(dealId, pipeline, TestIdentity.EAST_REP, "ping"));
        String ping = createRule(stageRule("Ping to pong", pipeline, "ping", "[{\"type\": \"move_stage\", \"stageId\": \"pong\"}]"));
        String pong = createRule(stageRule("Pong to ping", pipeline, "pong", "[{\"type\": \"move_stage\", \"stageId\": \"ping\"}]"));

        EventEnvelope start = stageChanged(deal(dealId, pipeline, TestIdentity.EAST_REP, "start"), "start", "ping");
        publish(DEALS_TOPIC, start);

        // max-chain-depth is 3 in tests: ping (1), pong (2), ping (3) act; the next pong run (4) is stopped
        JsonNode stopped = awaitRun(pong, Set.of("stopped"));
        assertThat(stopped.get("depth").asInt()).isEqualTo(4);
        assertThat(stopped.get("reason").asString()).contains("loop guard").contains("max-chain-depth 3");
        assertThat(stopped.get("steps")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(ping).size() == 2);
        List<JsonNode> pingRuns = runsOf(ping).stream().sorted(Comparator.comparingInt(r -> r.get("depth").asInt())).toList();
        assertThat(pingRuns).extracting(r -> r.get("depth").asInt()).containsExactly(1, 3);
        assertThat(pingRuns.getFirst().at("/trigger/eventId").asString()).isEqualTo(start.id());
        assertThat(runsOf(pong)).extracting(r -> r.get("depth").asInt()).containsExactlyInAnyOrder(2, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(ping).stream()
                .allMatch(r -> r.get("status").asString().equals("completed")));
        assertThat(standIns().requests(r -> r.path().equals("/api/deals/" + dealId + "/move"))).hasSize(3);
        assertThat(standIns().record("/api/deals/" + dealId).at("/stage/id").asString()).isEqualTo("pong");
        disable(ping);
        disable(pong);
    }
}

package io.pulsecrm.automation.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.automation.support.AutomationTest;
import io.pulsecrm.automation.support.StandIns;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Deal events start runs that act through tasks-service (stand-in) and ask notification-service to notify. */
class DealStageAutomationTest extends AutomationTest {

    @RegisterExtension
    static final EventCollector notifications = EventCollector.forTopics(NOTIFICATIONS_TOPIC);

    private static final String FOLLOW_UP = """
            [{"type": "create_task", "taskType": "call", "title": "Follow up {{deal.title}} %s", "dueIn": "P2D",
              "priority": "high", "assignee": {"type": "owner"}},
             {"type": "notify", "recipients": [{"type": "manager"}], "channels": ["in_app", "email"],
              "title": "{{owner.name}} moved {{deal.title}} to {{newStage.name}}", "body": "Amount {{deal.amount}} {{deal.currency}}"}]
            """;

    @Test
    void aDealEnteringProposalGetsAFollowUpTaskForItsOwnerAndTheManagerIsNotified() {
        String pipeline = unique();
        String ruleId = createRule(stageRule("Proposal follow-up", pipeline, "proposal", FOLLOW_UP.formatted(pipeline)));
        ObjectNode deal = deal(unique(), pipeline, TestIdentity.EAST_REP, "qualified");
        EventEnvelope moved = stageChanged(deal, "qualified", "proposal");

        publish(DEALS_TOPIC, moved);

        JsonNode run = awaitRun(ruleId, Set.of("completed", "failed"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("id").asString()).isEqualTo(ruleId + ":" + moved.id());
        assertThat(run.get("ruleRevision").asInt()).isEqualTo(1);
        assertThat(run.get("depth").asInt()).isEqualTo(1);
        assertThat(run.at("/trigger/eventId").asString()).isEqualTo(moved.id());
        assertThat(run.at("/record/type").asString()).isEqualTo("deal");
        assertThat(run.get("steps")).hasSize(2);
        assertThat(run.at("/steps/0/status").asString()).isEqualTo("done");
        assertThat(run.at("/steps/0/output/taskId").asString()).startsWith("task-");
        assertThat(run.at("/steps/1/output/recipients/0").asString()).isEqualTo(TestIdentity.EAST_MANAGER);

        List<StandIns.Request> tasks = standIns().taskRequests(pipeline);
        assertThat(tasks).hasSize(1);
        StandIns.Request task = tasks.getFirst();
        assertThat(task.body().get("assigneeId").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(task.body().get("type").asString()).isEqualTo("call");
        assertThat(task.body().get("priority").asString()).isEqualTo("high");
        assertThat(task.body().get("dealId").asString()).isEqualTo(deal.get("id").asString());
        assertThat(Instant.parse(task.body().get("dueAt").asString())).isAfter(Instant.now().plus(Duration.ofDays(1)));
        assertThat(task.header("Idempotency-Key")).isEqualTo(run.get("id").asString() + ":0");
        assertThat(task.header("X-Causation-Id")).isEqualTo(moved.id());
        assertThat(task.tokenSubject()).as("called as the OAuth2 client").isEqualTo("pulse-automation");
        assertThat(task.tokenScopes()).contains("tasks:write");

        EventEnvelope requested = notifications.awaitEvent(e -> e.type().equals("pulse.automation.notification_requested.v1")
                && e.data().path("runId").asString().equals(run.get("id").asString()));
        assertThat(requested.subject()).isEqualTo(run.get("id").asString() + ":1");
        assertThat(requested.data().get("recipients").get(0).asString()).isEqualTo(TestIdentity.EAST_MANAGER);
        assertThat(requested.data().get("title").asString()).isEqualTo("Ada Lovelace moved " + deal.get("title").asString() + " to proposal");
        assertThat(requested.data().get("body").asString()).isEqualTo("Amount 12000 EUR");
        assertThat(requested.data().get("channels").toString()).isEqualTo("[\"in_app\",\"email\"]");
        assertThat(requested.data().get("subjectType").asString()).isEqualTo("deal");
        assertThat(requested.causationId()).as("caused by the trigger event").isEqualTo(moved.id());
        assertThat(requested.correlationId()).isEqualTo(moved.correlationId());
        assertThat(requested.actor()).isEqualTo("system:automation");
        String raw = notifications.records().stream().filter(r -> r.key().equals(requested.subject())).findFirst().orElseThrow().value();
        EventSchemaValidator.assertValid(raw);

        ApiClient.Response byRecord = api.get("/api/automation/runs?recordId=" + deal.get("id").asString());
        assertThat(byRecord.json().get("items")).hasSize(1);
        disable(ruleId);
    }

    @Test
    void aFieldChangedToRuleDoesNotFireOnUnrelatedUpdatesOrOtherStages() {
        String pipeline = unique();
        String ruleId = createRule(stageRule("Only proposal", pipeline, "proposal", FOLLOW_UP.formatted(pipeline)));
        String marker = unique();
        String other = createRule(json("""
                {"name": "Amount watcher",
                 "trigger": {"type": "event", "events": ["pulse.deal.updated.v1"], "field": "amount", "to": 50000},
                 "conditions": {"field": "deal.pipelineId", "op": "equals", "value": "%s"},
                 "actions": [{"type": "create_task", "title": "Big deal %s"}]}
                """.formatted(pipeline, marker)));
        ObjectNode deal = deal(unique(), pipeline, TestIdentity.EAST_REP, "qualified");

        // unrelated: the title changed, the stage did not; another stage; an amount change to another value
        publish(DEALS_TOPIC, event("pulse.deal.updated.v1", deal.get("id").asString(), Map.of("deal", deal,
                "changes", Map.of("title", Map.of("from", "Old", "to", "New")))));
        publish(DEALS_TOPIC, stageChanged(deal, "qualified", "negotiation"));
        publish(DEALS_TOPIC, event("pulse.deal.updated.v1", deal.get("id").asString(), Map.of("deal", deal,
                "changes", Map.of("amount", Map.of("from", 100, "to", 200)))));
        // the only real match, published last: once it ran, the others have been read too (same partition, in order)
        publish(DEALS_TOPIC, event("pulse.deal.updated.v1", deal.get("id").asString(), Map.of("deal", deal,
                "changes", Map.of("amount", Map.of("from", 200, "to", 50000.0)))));

        awaitRun(other, Set.of("completed"));
        assertThat(runsOf(other)).hasSize(1);
        assertThat(runsOf(ruleId)).isEmpty();
        assertThat(standIns().taskRequests(pipeline)).isEmpty();
        assertThat(standIns().taskRequests(marker)).hasSize(1);
        disable(ruleId);
        disable(other);
    }

    @Test
    void aRedeliveredTriggerEventStartsNoSecondRunAndCreatesNoSecondTask() {
        String pipeline = unique();
        String ruleId = createRule(stageRule("Once", pipeline, "proposal", """
                [{"type": "create_task", "title": "Once %s"}]""".formatted(pipeline)));
        ObjectNode deal = deal(unique(), pipeline, TestIdentity.OTHER_EAST_REP, "qualified");
        EventEnvelope moved = stageChanged(deal, "qualified", "proposal");

        publish(DEALS_TOPIC, moved);
        awaitRun(ruleId, Set.of("completed"));
        publish(DEALS_TOPIC, moved);
        publish(DEALS_TOPIC, moved);
        // a later event on the same deal (same partition) has been handled only after the redeliveries were read
        String marker = createRule(stageRule("Marker", pipeline, "won-ish", """
                [{"type": "create_task", "title": "Marker %s"}]""".formatted(pipeline)));
        publish(DEALS_TOPIC, stageChanged(deal, "proposal", "won-ish"));
        awaitRun(marker, Set.of("completed"));

        assertThat(runsOf(ruleId)).hasSize(1);
        assertThat(standIns().taskRequests("Once " + pipeline)).hasSize(1);
        disable(ruleId);
        disable(marker);
    }

    @Test
    void newLeadsAreAssignedRoundRobinAcrossTheTeam() {
        String source = unique();
        String ruleId = createRule(json("""
                {"name": "Web leads round robin", "team": "east",
                 "trigger": {"type": "event", "events": ["pulse.contact.created.v1"]},
                 "conditions": {"all": [{"field": "contact.source", "op": "equals", "value": "%s"},
                                        {"field": "contact.ownerId", "op": "is_empty"}]},
                 "actions": [{"type": "create_task", "taskType": "call", "title": "Call new lead {{contact.firstName}} %s",
                              "dueIn": "PT15M", "assignee": {"type": "round_robin", "team": "east"}}]}
                """.formatted(source, source)));

        for (int i = 0; i < 4; i++) {
            String contactId = unique();
            publish(CONTACTS_TOPIC, event("pulse.contact.created.v1", contactId, Map.of("contact",
                    Map.of("id", contactId, "firstName", "Lead" + i, "source", source))));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> standIns().tasksCreated(source) == 4);
        List<String> assignees = standIns().taskRequests(source).stream()
                .map(r -> r.body().get("assigneeId").asString()).toList();
        // the reps of team east (ada, bob) take turns; the manager is not in the rotation
        assertThat(assignees).containsExactlyInAnyOrder("ada", "ada", "bob", "bob");
        // the last run records its step after the stand-in has answered: wait for that, not just the request
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(runsOf(ruleId))
                .allSatisfy(run -> assertThat(run.get("status").asString()).isEqualTo("completed")));
        disable(ruleId);
    }

    @Test
    void aDryRunSaysWhatWouldHappenAndChangesNothing() {
        String pipeline = unique();
        String ruleId = createRule(stageRule("Dry", pipeline, "proposal", """
                [{"type": "branch", "if": {"field": "deal.amount", "op": "gte", "value": 10000},
                  "then": [{"type": "create_task", "title": "Big {{deal.title}} %s", "assignee": {"type": "round_robin", "team": "east"}}],
                  "else": [{"type": "stop"}]},
                 {"type": "wait", "duration": "P1D"},
                 {"type": "notify", "recipients": [{"type": "owner"}], "title": "Still in proposal"}]
                """.formatted(pipeline)));
        ObjectNode deal = deal(unique(), pipeline, TestIdentity.EAST_REP, "qualified");
        EventEnvelope moved = stageChanged(deal, "qualified", "proposal");
        String body = "{\"event\": {\"type\": \"pulse.deal.stage_changed.v1\", \"subject\": \"" + deal.get("id").asString()
                + "\", \"data\": " + moved.data() + "}}";

        ApiClient.Response dry = api.post("/api/automation/rules/" + ruleId + "/dry-run", body);
        ApiClient.Response again = api.post("/api/automation/rules/" + ruleId + "/dry-run", body);

        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        JsonNode answer = dry.json();
        assertThat(answer.at("/trigger/matched").asBoolean()).isTrue();
        assertThat(answer.at("/conditions/met").asBoolean()).isTrue();
        assertThat(answer.get("wouldRun").asBoolean()).isTrue();
        JsonNode actions = answer.get("actions");
        assertThat(actions.get(0).get("taken").asString()).isEqualTo("then");
        assertThat(actions.get(1).get("type").asString()).isEqualTo("create_task");
        assertThat(actions.get(1).at("/input/request/assigneeId").asString()).isEqualTo("ada");
        assertThat(actions.get(2).get("type").asString()).isEqualTo("wait");
        assertThat(actions.get(3).at("/input/recipients/0").asString()).isEqualTo("ada");
        // the rotation did not move: the same member is next again
        assertThat(again.json().get("actions").get(1).at("/input/request/assigneeId").asString()).isEqualTo("ada");
        assertThat(runsOf(ruleId)).isEmpty();
        assertThat(standIns().taskRequests(pipeline)).isEmpty();

        ApiClient.Response notMatching = api.post("/api/automation/rules/" + ruleId + "/dry-run",
                "{\"event\": {\"type\": \"pulse.deal.stage_changed.v1\", \"data\": " + stageChanged(deal, "qualified", "lost-ish").data() + "}}");
        assertThat(notMatching.json().at("/trigger/matched").asBoolean()).isFalse();
        assertThat(notMatching.json().get("wouldRun").asBoolean()).isFalse();
        disable(ruleId);
    }
    @Test
    void aDraftIsDryRunAgainstARecordBeforeItIsSavedAndItsProblemsNameTheirFields() {
        String pipeline = unique();
        ObjectNode deal = deal(unique(), pipeline, TestIdentity.EAST_REP, "proposal");
        standIns().putDeal(deal.get("id").asString(), deal);
        ObjectNode draft = stageRule("Draft " + pipeline, pipeline, "proposal", FOLLOW_UP.formatted(pipeline));
        ObjectNode body = JSON.createObjectNode();
        body.set("rule", draft);
        body.put("recordType", "deal").put("recordId", deal.get("id").asString());

        ApiClient.Response dry = api.post("/api/automation/rules/dry-run", body.toString());

        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        JsonNode answer = dry.json();
        assertThat(answer.has("ruleId")).as("nothing saved, no rule named").isFalse();
        assertThat(answer.get("eventType").asString()).isEqualTo("pulse.deal.stage_changed.v1");
        assertThat(answer.at("/conditions/met").asBoolean()).isTrue();
        assertThat(answer.get("wouldRun").asBoolean()).isTrue();
        assertThat(answer.at("/actions/0/type").asString()).isEqualTo("create_task");
        assertThat(answer.at("/actions/0/input/request/assigneeId").asString()).isEqualTo(TestIdentity.EAST_REP);
        assertThat(answer.at("/actions/0/input/request/title").asString()).isEqualTo("Follow up " + deal.get("title").asString() + " " + pipeline);
        assertThat(answer.at("/actions/1/input/recipients/0").asString()).isEqualTo(TestIdentity.EAST_MANAGER);
        assertThat(standIns().taskRequests(pipeline)).as("a dry run creates nothing").isEmpty();
        ApiClient.Response rules = api.get("/api/automation/rules?limit=200");
        rules.json().get("items").forEach(rule -> assertThat(rule.get("name").asString()).isNotEqualTo("Draft " + pipeline));

        ((ObjectNode) draft.get("actions").get(0)).put("dueIn", "soon");
        draft.remove("name");
        ApiClient.Response bad = api.post("/api/automation/rules/dry-run", body.toString());
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        List<String> fields = new java.util.ArrayList<>();
        bad.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).contains("rule.name", "rule.actions[0].dueIn");

        ApiClient.Response noRecord = api.post("/api/automation/rules/dry-run", "{\"rule\": " + stageRule("n", pipeline, "proposal",
                FOLLOW_UP.formatted(pipeline)) + ", \"recordType\": \"deal\", \"recordId\": \"" + unique() + "\"}");
        assertThat(noRecord.status()).as(noRecord.toString()).isEqualTo(404);
        ApiClient.Response rep = apiAs(TestIdentity.EAST_REP).post("/api/automation/rules/dry-run", body.toString());
        assertThat(rep.status()).as("reps have no automation").isEqualTo(403);
    }
}

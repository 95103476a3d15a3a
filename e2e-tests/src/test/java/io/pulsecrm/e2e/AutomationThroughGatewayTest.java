package io.pulsecrm.e2e;

import static io.pulsecrm.e2e.AutomationFixture.created;
import static io.pulsecrm.e2e.AutomationFixture.moveNewDeal;
import static io.pulsecrm.e2e.AutomationFixture.proposalPipeline;
import static io.pulsecrm.e2e.AutomationFixture.stageId;
import static io.pulsecrm.e2e.AutomationFixture.tasksOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #7's promises across the real services: rules created through the gateway react to what people do
 * in deals- and contacts-service and act through tasks-, contacts- and notification-service.
 */
class AutomationThroughGatewayTest {

    private static final Duration ACTED = Duration.ofSeconds(60);
    /** automation-service's default {@code pulse.automation.max-chain-depth}, which the e2e platform keeps. */
    private static final int MAX_CHAIN_DEPTH = 5;
    /** Long enough to see the run waiting and stop its service before it is due; it then runs out while it is down. */
    private static final String RESTART_WAIT = "PT30S";
    /** automation-service's consumer group (its application name) on the domain topics. */
    private static final String AUTOMATION_GROUP = "automation-service";
    private static E2ePlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void aDealEnteringProposalGetsAFollowUpTaskForItsOwnerAndANoticeForTheirManager() {
        String marker = unique();
        ApiClient admin = platform.as("alex");
        JsonNode pipeline = proposalPipeline(admin, marker);
        proposalRule(admin, "Proposal follow-up", marker, """
                [{"type":"create_task","taskType":"call","title":"Follow up {{deal.title}}","dueIn":"P2D","assignee":{"type":"owner"}},
                 {"type":"notify","recipients":[{"type":"manager"}],"channels":["in_app"],"title":"{{owner.name}} moved {{deal.title}}"}]""");

        ApiClient ada = platform.as("ada");
        String dealId = moveNewDeal(ada, pipeline, marker, "Proposal");

        JsonNode task = await().atMost(ACTED).until(() -> find(ada.get("/api/tasks?assigneeId=ada&limit=200"),
                "title", "Follow up Deal " + marker), found -> found != null);
        assertThat(task.get("dealId").asString()).isEqualTo(dealId);
        assertThat(task.get("type").asString()).isEqualTo("call");

        JsonNode notice = await().atMost(ACTED).until(() -> find(platform.as("maria").get("/api/notifications?limit=200"),
                "title", "Ada Lovelace moved Deal " + marker), found -> found != null);
        assertThat(notice.get("type").asString()).isEqualTo("automation");
        assertThat(find(ada.get("/api/notifications?limit=200"), "title", "Ada Lovelace moved Deal " + marker))
                .as("the rep is not told what their manager is").isNull();
    }

    @Test
    void webLeadsAreSharedRoundRobinAcrossTheTeamsReps() {
        String marker = unique();
        createRule(platform.as("alex"), """
                {"name":"Web leads %1$s","team":"east",
                 "trigger":{"type":"event","events":["pulse.contact.created.v1"]},
                 "conditions":{"all":[{"field":"contact.source","op":"equals","value":"web_form"},
                                      {"field":"contact.lastName","op":"contains","value":"%1$s"},
                                      {"field":"contact.ownerId","op":"is_empty"}]},
                 "actions":[{"type":"change_owner","owner":{"type":"round_robin","team":"east"}}]}""".formatted(marker));

        // leads arrive one after the other, as a web form hands them over
        ApiClient forms = platform.asClient("partner-erp", "erp-secret");
        List<String> owners = new ArrayList<>();
        for (int lead = 0; lead < 4; lead++) {
            String id = created(forms.post("/api/contacts", """
                    {"firstName":"Lead%d","lastName":"%s","email":"lead%d.%s@e2e.example","source":"web_form"}"""
                    .formatted(lead, marker, lead, marker))).get("id").asString();
            owners.add(await().atMost(ACTED).until(() -> ownerOf(forms.get("/api/contacts/" + id)), owner -> owner != null));
        }

        assertThat(owners).as("the east team's reps, in turn")
                .containsExactly(owners.get(0), owners.get(1), owners.get(0), owners.get(1));
        assertThat(List.of(owners.get(0), owners.get(1))).containsExactlyInAnyOrder("ada", "bob");
    }

    @Test
    void aFieldChangedToRuleFiresOnThatChangeOnly() {
        String marker = unique();
        String ruleId = createRule(platform.as("alex"), """
                {"name":"New customers %1$s","team":"east",
                 "trigger":{"type":"event","events":["pulse.contact.updated.v1"],"field":"lifecycleStage","to":"customer"},
                 "conditions":{"all":[{"field":"contact.lastName","op":"contains","value":"%1$s"}]},
                 "actions":[{"type":"add_tag","tag":"customer-%1$s"}]}""".formatted(marker)).get("id").asString();
        ApiClient ada = platform.as("ada");
        JsonNode contact = created(ada.post("/api/contacts",
                "{\"firstName\":\"Cust\",\"lastName\":\"" + marker + "\",\"email\":\"" + marker + "@e2e.example\"}"));
        String id = contact.get("id").asString();

        JsonNode unrelated = patch(ada, id, contact.get("version").asLong(), "{\"jobTitle\":\"Buyer\"}");
        patch(ada, id, unrelated.get("version").asLong(), "{\"lifecycleStage\":\"customer\"}");

        await().atMost(ACTED).until(() -> tagsOf(ada.get("/api/contacts/" + id)).contains("customer-" + marker));
        Response runs = platform.as("alex").get("/api/automation/runs?ruleId=" + ruleId);
        assertThat(runs.status()).as(runs.toString()).isEqualTo(200);
        assertThat(runs.json().get("items").size()).as("one run: the job title change did not fire").isEqualTo(1);
    }

    @Test
    void aWaitingRunResumesAfterAutomationServiceRestartsAndCreatesItsTaskOnce() {
        String marker = unique();
        ApiClient admin = platform.as("alex");
        JsonNode pipeline = proposalPipeline(admin, marker);
        String ruleId = proposalRule(admin, "Call after a pause", marker, """
                [{"type":"wait","duration":"%s"},
                 {"type":"create_task","taskType":"call","title":"After the pause {{deal.title}}","assignee":{"type":"owner"}}]"""
                .formatted(RESTART_WAIT));
        ApiClient ada = platform.as("ada");
        String dealId = moveNewDeal(ada, pipeline, marker, "Proposal");

        JsonNode waiting = await().atMost(ACTED).until(() -> onlyRun(ruleId), run -> run != null && is(run, "waiting"));
        Instant resumeAt = Instant.parse(waiting.get("resumeAt").asString());
        assertThat(tasksOf(ada, dealId)).as("nothing done before the wait").isEmpty();

        assertThat(resumeAt).as("the run is still waiting when its service is stopped").isAfter(Instant.now());
        platform.stop("automation-service");
        Instant stoppedAt = Instant.now();
        // the wait runs out while the service is down: the restarted service finds the run overdue, not just due
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).until(() -> Instant.now().isAfter(resumeAt));
        assertThat(tasksOf(ada, dealId)).as("nobody else resumed it").isEmpty();
        platform.start("automation-service");

        JsonNode done = await().atMost(ACTED).until(() -> onlyRun(ruleId), run -> run != null && is(run, "completed"));
        assertThat(done.at("/steps/0/action").asString()).isEqualTo("wait");
        assertThat(done.at("/steps/1/action").asString()).isEqualTo("create_task");
        assertThat(Instant.parse(done.at("/steps/1/startedAt").asString()))
                .as("the task was created by the restarted service, after the wait").isAfter(resumeAt).isAfter(stoppedAt);
        List<JsonNode> tasks = tasksOf(ada, dealId);
        assertThat(tasks).extracting(task -> task.get("title").asString()).containsExactly("After the pause Deal " + marker);
        assertThat(tasks.getFirst().get("id").asString()).isEqualTo(done.at("/steps/1/output/taskId").asString());
    }

    @Test
    void aPairOfRulesThatTriggerEachOtherIsStoppedAtTheMaximumChainDepth() {
        String marker = unique();
        ApiClient admin = platform.as("alex");
        JsonNode pipeline = created(admin.post("/api/pipelines", """
                {"name":"E2E loop %s","lostReasons":["Price"],"stages":[
                  {"name":"Lead","probability":10},{"name":"Ping","probability":40},{"name":"Pong","probability":50},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(marker)));
        String bouncing = """
                {"name":"%1$s to %2$s %3$s","team":"east",
                 "trigger":{"type":"event","events":["pulse.deal.stage_changed.v1"],"field":"stage.name","to":"%1$s"},
                 "conditions":{"all":[{"field":"deal.title","op":"contains","value":"%3$s"}]},
                 "actions":[{"type":"move_stage","stageId":"%4$s"}]}""";
        String ping = createRule(admin, bouncing.formatted("Ping", "Pong", marker, stageId(pipeline, "Pong"))).get("id").asString();
        String pong = createRule(admin, bouncing.formatted("Pong", "Ping", marker, stageId(pipeline, "Ping"))).get("id").asString();

        String dealId = moveNewDeal(platform.as("ada"), pipeline, marker, "Ping");

        // runs at depth 1 to MAX_CHAIN_DEPTH move the deal; the next one, a Pong run, is stopped before acting
        JsonNode stopped = await().atMost(ACTED).until(() -> runsOf(pong).stream().filter(run -> is(run, "stopped"))
                .findFirst().orElse(null), run -> run != null);
        assertThat(stopped.get("depth").asInt()).isEqualTo(MAX_CHAIN_DEPTH + 1);
        assertThat(stopped.get("reason").asString()).contains("loop guard").contains("max-chain-depth " + MAX_CHAIN_DEPTH);
        assertThat(stopped.get("steps")).as("a stopped run does nothing").isEmpty();
        List<JsonNode> runs = await().atMost(ACTED).during(Duration.ofSeconds(5)).until(() -> {
            List<JsonNode> all = new ArrayList<>(runsOf(ping));
            all.addAll(runsOf(pong));
            return all;
        }, all -> all.size() == MAX_CHAIN_DEPTH + 1 && all.stream().allMatch(run -> is(run, "completed") || is(run, "stopped")));
        assertThat(runs).extracting(run -> run.get("depth").asInt())
                .containsExactlyInAnyOrder(IntStream.rangeClosed(1, MAX_CHAIN_DEPTH + 1).boxed().toArray(Integer[]::new));
        assertThat(runs).filteredOn(run -> is(run, "completed")).hasSize(MAX_CHAIN_DEPTH);

        Response history = platform.as("ada").get("/api/deals/" + dealId + "/history");
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        List<JsonNode> moves = history.json().get("stageChanges").valueStream()
                .filter(change -> "moved".equals(change.path("reason").asString())).toList();
        assertThat(moves).as("ada's move, then one move per acting run: bounded").hasSize(1 + MAX_CHAIN_DEPTH);
        assertThat(moves.getLast().get("toStageName").asString()).isEqualTo("Pong");
        Response deal = platform.as("ada").get("/api/deals/" + dealId);
        assertThat(deal.json().get("stageId").asString()).isEqualTo(stageId(pipeline, "Pong"));
    }

    @Test
    void aRedeliveredTriggeringEventCreatesNoSecondTask() throws Exception {
        String marker = unique();
        ApiClient admin = platform.as("alex");
        JsonNode pipeline = proposalPipeline(admin, marker);
        String ruleId = proposalRule(admin, "Call once", marker, """
                [{"type":"create_task","taskType":"call","title":"Once {{deal.title}}","assignee":{"type":"owner"}}]""");
        ApiClient ada = platform.as("ada");
        String dealId = moveNewDeal(ada, pipeline, marker, "Proposal");
        JsonNode run = await().atMost(ACTED).until(() -> onlyRun(ruleId), found -> found != null && is(found, "completed"));
        await().atMost(ACTED).until(() -> tasksOf(ada, dealId).size() == 1);
        String eventId = run.at("/trigger/eventId").asString();
        assertThat(run.get("id").asString()).isEqualTo(ruleId + ":" + eventId);

        // the very record deals-service published, sent again, as a producer retry or a replayed partition would
        ConsumerRecord<String, String> original = DealEvents.find(platform.kafkaBootstrapServers(), eventId, ACTED);
        long redelivered = DealEvents.publishAgain(platform.kafkaBootstrapServers(), original);
        await().atMost(ACTED).until(() -> DealEvents.consumedBeyond(platform.kafkaBootstrapServers(), AUTOMATION_GROUP,
                original.partition(), redelivered));

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> tasksOf(ada, dealId).size() == 1
                && runsOf(ruleId).size() == 1);
        assertThat(tasksOf(ada, dealId)).extracting(task -> task.get("title").asString()).containsExactly("Once Deal " + marker);
        assertThat(runsOf(ruleId)).extracting(found -> found.get("id").asString()).containsExactly(ruleId + ":" + eventId);
    }

    /** An east team rule: a deal whose title contains the marker enters Proposal → the actions (a JSON array). */
    private static String proposalRule(ApiClient admin, String name, String marker, String actions) {
        return createRule(admin, """
                {"name":"%1$s %2$s","team":"east",
                 "trigger":{"type":"event","events":["pulse.deal.stage_changed.v1"],"field":"stage.name","to":"Proposal"},
                 "conditions":{"all":[{"field":"deal.title","op":"contains","value":"%2$s"}]},
                 "actions":%3$s}""".formatted(name, marker, actions)).get("id").asString();
    }

    private static List<JsonNode> runsOf(String ruleId) {
        Response runs = platform.as("alex").get("/api/automation/runs?ruleId=" + ruleId + "&limit=100");
        assertThat(runs.status()).as(runs.toString()).isEqualTo(200);
        return runs.json().get("items").valueStream().toList();
    }

    /**
     * The rule's one run, null while there is none or while the service cannot answer yet (a 503 from the gateway:
     * a just restarted service on a busy machine may take longer than the gateway waits); more than one fails.
     */
    private static JsonNode onlyRun(String ruleId) {
        Response answer = platform.as("alex").get("/api/automation/runs?ruleId=" + ruleId + "&limit=100");
        if (answer.status() == 503) {
            return null;
        }
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<JsonNode> runs = answer.json().get("items").valueStream().toList();
        assertThat(runs).as("one run per (rule, event)").hasSizeLessThanOrEqualTo(1);
        return runs.isEmpty() ? null : runs.getFirst();
    }

    private static boolean is(JsonNode run, String status) {
        return status.equals(run.get("status").asString());
    }

    private static JsonNode createRule(ApiClient admin, String rule) {
        return created(admin.post("/api/automation/rules", rule));
    }

    private static JsonNode patch(ApiClient client, String contactId, long version, String body) {
        Response patched = client.patch("/api/contacts/" + contactId, body, Map.of("If-Match", "\"" + version + "\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        return patched.json();
    }

    private static JsonNode find(Response page, String field, String value) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        for (JsonNode item : page.json().get("items")) {
            if (item.has(field) && value.equals(item.get(field).asString())) {
                return item;
            }
        }
        return null;
    }

    private static String ownerOf(Response contact) {
        assertThat(contact.status()).as(contact.toString()).isEqualTo(200);
        JsonNode owner = contact.json().get("ownerId");
        return owner == null || owner.isNull() ? null : owner.asString();
    }

    private static List<String> tagsOf(Response contact) {
        assertThat(contact.status()).as(contact.toString()).isEqualTo(200);
        return contact.json().get("tags").valueStream().map(JsonNode::asString).toList();
    }

    private static String unique() {
        return "auto" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}

package io.pulsecrm.automation.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventTypes;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Base of automation's API tests: the service against the shared stand-in services ({@link StandIns}) and the
 * test issuer's client-credentials endpoint, plus helpers to publish deal and contact events as their services
 * would and to build rules. Each test scopes its rules to its own pipeline (a condition on
 * {@code deal.pipelineId}), so rules of other tests never fire on its events.
 */
public abstract class AutomationTest extends ServiceApiTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String DEALS_TOPIC = "pulse.deals.deal.v1";
    public static final String CONTACTS_TOPIC = "pulse.contacts.contact.v1";
    public static final String NOTIFICATIONS_TOPIC = "pulse.automation.notification_request.v1";

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        registry.add("pulse.automation.services.contacts", () -> StandIns.shared().url());
        registry.add("pulse.automation.services.deals", () -> StandIns.shared().url());
        registry.add("pulse.automation.services.tasks", () -> StandIns.shared().url());
        registry.add("spring.security.oauth2.client.provider.pulse.token-uri", () -> TestIdentity.shared().tokenUri());
    }

    /** Creates the consumed topics up front, so the listener reads them from the start without waiting for metadata. */
    @BeforeAll
    static void topics() throws InterruptedException {
        createTopics(List.of(DEALS_TOPIC, CONTACTS_TOPIC, "pulse.contacts.company.v1", "pulse.contacts.activity.v1",
                "pulse.tasks.task.v1", NOTIFICATIONS_TOPIC));
    }

    public static void createTopics(List<String> names) throws InterruptedException {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers",
                TestInfrastructure.shared().kafkaBootstrapServers()))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    protected static StandIns standIns() {
        return StandIns.shared();
    }

    protected static String unique() {
        return UUID.randomUUID().toString();
    }

    // ---- rules

    /** A rule on deal stage changes into {@code toStage} of one pipeline, with these actions. */
    protected static ObjectNode stageRule(String name, String pipelineId, String toStage, String actionsJson) {
        return json("""
                {"name": "%s",
                 "trigger": {"type": "event", "events": ["pulse.deal.stage_changed.v1"], "field": "stage.id", "to": "%s"},
                 "conditions": {"all": [{"field": "deal.pipelineId", "op": "equals", "value": "%s"}]},
                 "actions": %s}
                """.formatted(name, toStage, pipelineId, actionsJson));
    }

    protected String createRule(ApiClient client, JsonNode rule) {
        ApiClient.Response created = client.post("/api/automation/rules", rule.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    protected String createRule(JsonNode rule) {
        return createRule(api, rule);
    }

    /** Disables the rule, so a test's rules stop listening once it is done. */
    protected void disable(String ruleId) {
        ApiClient.Response rule = api.get("/api/automation/rules/" + ruleId);
        api.post("/api/automation/rules/" + ruleId + "/disable", "", Map.of("If-Match", rule.header("ETag")));
    }

    // ---- runs

    protected List<JsonNode> runsOf(String ruleId) {
        ApiClient.Response runs = api.get("/api/automation/runs?ruleId=" + ruleId + "&limit=200");
        assertThat(runs.status()).as(runs.toString()).isEqualTo(200);
        List<JsonNode> items = new java.util.ArrayList<>();
        runs.json().get("items").forEach(items::add);
        return items;
    }

    protected JsonNode awaitRun(String ruleId, Set<String> statuses) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> runsOf(ruleId).stream().filter(run -> statuses.contains(run.get("status").asString()))
                        .findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    protected JsonNode run(String runId) {
        ApiClient.Response run = api.get("/api/automation/runs/" + runId);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        return run.json();
    }

    // ---- events

    /** A deal as deals-service shows it (and carries in its events). */
    protected static ObjectNode deal(String id, String pipelineId, String ownerId, String stageId) {
        ObjectNode deal = JSON.createObjectNode();
        deal.put("id", id);
        deal.put("title", "Deal " + id.substring(0, 8));
        deal.put("amount", 12000);
        deal.put("currency", "EUR");
        deal.put("pipelineId", pipelineId);
        deal.putObject("stage").put("id", stageId).put("name", stageId).put("kind", "open").put("probability", 40);
        deal.put("status", "open");
        deal.put("ownerId", ownerId);
        deal.putNull("teamId");
        deal.putArray("contacts");
        deal.put("stageEnteredAt", Instant.now().toString());
        deal.put("createdAt", Instant.now().toString());
        deal.put("updatedAt", Instant.now().toString());
        return deal;
    }

    /** pulse.deal.stage_changed.v1 of a deal moved from one stage to another. */
    protected static EventEnvelope stageChanged(ObjectNode deal, String fromStage, String toStage) {
        ObjectNode moved = deal.deepCopy();
        moved.putObject("stage").put("id", toStage).put("name", toStage).put("kind", "open").put("probability", 60);
        return event("pulse.deal.stage_changed.v1", deal.get("id").asString(), Map.of("deal", moved,
                "previousStage", Map.of("id", fromStage, "name", fromStage, "kind", "open", "probability", 40),
                "newStage", Map.of("id", toStage, "name", toStage, "kind", "open", "probability", 60),
                "secondsInPreviousStage", 60, "reason", "moved"));
    }

    protected static EventEnvelope event(String type, String subject, Map<String, ?> data) {
        return new EventEnvelope(Ids.newId(), "/pulse/" + type.split("\\.")[1] + "s-service", type, subject, Instant.now(),
                EventTypes.schemaUri(type), "ada", type.split("\\.")[1], 2, Ids.newId(), null, null, EventJson.toTree(data));
    }

    protected static void publish(String topic, EventEnvelope event) {
        TestEvents.publish(topic, event);
    }

    protected static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text);
    }
}

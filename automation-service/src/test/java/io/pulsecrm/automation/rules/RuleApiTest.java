package io.pulsecrm.automation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.automation.support.AutomationTest;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Rule API: validation with field paths, versions, enabling, deleting, and who may do what. */
class RuleApiTest extends AutomationTest {

    private static final String VALID = """
            {"name": "Proposal follow-up",
             "trigger": {"type": "event", "events": ["pulse.deal.stage_changed.v1"], "field": "stage.name", "to": "Proposal"},
             "conditions": {"all": [{"field": "deal.amount", "op": "gt", "value": 1000},
                                    {"any": [{"field": "deal.currency", "op": "in", "value": ["EUR", "USD"]},
                                             {"not": {"field": "record.source", "op": "is_empty"}}]}]},
             "actions": [{"type": "create_task", "title": "Call {{deal.title}}", "dueIn": "P2D", "assignee": {"type": "owner"}},
                         {"type": "notify", "recipients": [{"type": "manager"}], "title": "Moved"}]}
            """;

    @Test
    void aValidRuleIsStoredNormalisedWithItsFirstRevision() {
        ApiClient.Response created = api.post("/api/automation/rules", VALID);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode rule = created.json();
        assertThat(created.header("Location")).isEqualTo("/api/automation/rules/" + rule.get("id").asString());
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(rule.get("revision").asInt()).isEqualTo(1);
        assertThat(rule.get("enabled").asBoolean()).isTrue();
        assertThat(rule.get("team").isNull()).isTrue();
        assertThat(rule.get("createdBy").asString()).isEqualTo(TestIdentity.ADMIN);
        assertThat(rule.at("/actions/0/taskType").asString()).as("defaults are filled in").isEqualTo("todo");
        assertThat(rule.at("/actions/1/channels/0").asString()).isEqualTo("in_app");
        assertThat(rule.at("/conditions/all/1/any/1/not/op").asString()).isEqualTo("is_empty");
        disable(rule.get("id").asString());
    }

    @Test
    void badRulesAreProblemsNamingEveryFieldAtFault() {
        ApiClient.Response bad = api.post("/api/automation/rules", """
                {"name": "", "$where": "1",
                 "trigger": {"type": "event", "events": ["pulse.deal.teleported.v1"]},
                 "conditions": {"all": [{"field": "deal.amount", "op": "bigger", "value": 1}, {"field": "a.b", "op": "gt", "value": {"$gt": 1}}]},
                 "actions": [{"type": "create_task"},
                             {"type": "wait", "duration": "two days"},
                             {"type": "launch_rocket"},
                             {"type": "create_task", "title": "x", "assignee": {"type": "user", "userId": "nobody"}},
                             {"type": "move_stage", "stageId": "s1", "extra": true}]}
                """);

        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        bad.json().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).contains("name", "$where", "trigger.events[0]", "conditions.all[0].op",
                "conditions.all[1].value", "actions[0].title", "actions[1].duration", "actions[2].type",
                "actions[3].assignee.userId", "actions[4].extra");

        assertProblem(api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "cron"}, "actions": [{"type": "stop"}]}"""), "trigger.type", "unknown trigger type");
        assertProblem(api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.contact.created.v1"]},
                 "actions": [{"type": "move_stage", "stageId": "s"}]}"""), "actions[0].type", "acts on [deal]");
        assertProblem(api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.deal.created.v1"]},
                 "actions": [{"type": "update_field", "field": "ownerId", "value": "ada"}]}"""), "actions[0].field", "change_owner");
        assertProblem(api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.deal.created.v1"]}, "actions": []}"""),
                "actions", "non-empty");
        assertProblem(api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.deal.created.v1"]},
                 "actions": [{"type": "branch", "if": {"field": "deal.amount", "op": "is_empty", "value": 1}, "then": [{"type": "teleport"}]}]}"""),
                "actions[0].if.value", "not used");
        assertProblem(api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.deal.created.v1"]},
                 "actions": [{"type": "branch", "if": {"field": "deal.amount", "op": "gt", "value": 1}, "then": [{"type": "teleport"}]}]}"""),
                "actions[0].then[0].type", "unknown action type");
        assertProblem(api.post("/api/automation/rules", "[1, 2]"), "body", "JSON object");
    }

    @Test
    void editsMakeNewRevisionsUnderOptimisticLocking() {
        String id = createRule(json(VALID));
        ApiClient.Response current = api.get("/api/automation/rules/" + id);
        String revised = VALID.replace("Proposal follow-up", "Proposal follow-up v2");

        assertThat(api.send("PUT", "/api/automation/rules/" + id, revised, Map.of("Content-Type", "application/json")).status())
                .isEqualTo(428);
        ApiClient.Response updated = api.send("PUT", "/api/automation/rules/" + id, revised,
                Map.of("Content-Type", "application/json", "If-Match", current.header("ETag")));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("revision").asInt()).isEqualTo(2);
        assertThat(updated.json().get("name").asString()).isEqualTo("Proposal follow-up v2");
        ApiClient.Response stale = api.send("PUT", "/api/automation/rules/" + id, revised,
                Map.of("Content-Type", "application/json", "If-Match", current.header("ETag")));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(1);

        ApiClient.Response revisions = api.get("/api/automation/rules/" + id + "/revisions");
        assertThat(revisions.json().get("items")).hasSize(2);
        assertThat(revisions.json().at("/items/0/revision").asInt()).isEqualTo(2);
        assertThat(revisions.json().at("/items/1/definition/name").asString()).isEqualTo("Proposal follow-up");

        ApiClient.Response disabled = api.post("/api/automation/rules/" + id + "/disable", "", Map.of("If-Match", updated.header("ETag")));
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(disabled.json().get("revision").asInt()).as("enabling is not a new revision").isEqualTo(2);
        ApiClient.Response enabled = api.post("/api/automation/rules/" + id + "/enable", "", Map.of("If-Match", disabled.header("ETag")));
        assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
        ApiClient.Response listed = api.get("/api/automation/rules?enabled=true&event=pulse.deal.stage_changed.v1&limit=200");
        assertThat(listed.json().get("items").toString()).contains(id);

        assertThat(api.delete("/api/automation/rules/" + id, Map.of()).status()).isEqualTo(428);
        assertThat(api.delete("/api/automation/rules/" + id, Map.of("If-Match", enabled.header("ETag"))).status()).isEqualTo(204);
        assertThat(api.get("/api/automation/rules/" + id).status()).isEqualTo(404);
    }

    @Test
    void managersManageTheirTeamsRulesRepsNothing() {
        ApiClient maria = apiAs(TestIdentity.EAST_MANAGER);
        ApiClient.Response own = maria.post("/api/automation/rules", VALID);
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        assertThat(own.json().get("team").asString()).isEqualTo("east");
        String west = createRule(json(VALID.replace("\"name\": \"Proposal follow-up\"", "\"name\": \"West\", \"team\": \"west\"")));

        assertThat(maria.get("/api/automation/rules/" + west).status()).isEqualTo(404);
        assertThat(maria.get("/api/automation/rules?limit=200").json().get("items").toString())
                .contains(own.json().get("id").asString()).doesNotContain(west);
        assertThat(maria.post("/api/automation/rules", VALID.replace("\"name\"", "\"team\": \"west\", \"name\"")).status())
                .isEqualTo(403);
        assertProblem(maria.post("/api/automation/rules", VALID.replace("{\"type\": \"manager\"}",
                "{\"type\": \"user\", \"userId\": \"cleo\"}")), "actions[1].recipients[0].userId", "members of its team");
        assertProblem(maria.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "event", "events": ["pulse.deal.created.v1"]},
                 "actions": [{"type": "webhook", "url": "https://example.com/hook"}]}"""), "actions[0].type", "only admins");
        assertThat(maria.get("/api/automation/runs?ruleId=" + west).json().get("items")).isEmpty();

        ApiClient ada = apiAs(TestIdentity.EAST_REP);
        assertThat(ada.get("/api/automation/rules").status()).isEqualTo(403);
        assertThat(ada.post("/api/automation/rules", VALID).status()).isEqualTo(403);
        assertThat(ada.get("/api/automation/runs").status()).isEqualTo(403);
        assertThat(ada.get("/api/automation/catalog").status()).isEqualTo(403);

        ApiClient reader = apiAsClient("partner-reader", "automation:read");
        assertThat(reader.get("/api/automation/rules/" + west).status()).isEqualTo(200);
        assertThat(reader.post("/api/automation/rules", VALID).status()).isEqualTo(403);
        ApiClient writer = apiAsClient("partner-writer", "automation:write");
        ApiClient.Response byClient = writer.post("/api/automation/rules", VALID);
        assertThat(byClient.status()).isEqualTo(201);
        assertThat(byClient.json().get("createdBy").asString()).isEqualTo("client:partner-writer");
        disable(own.json().get("id").asString());
        disable(west);
        disable(byClient.json().get("id").asString());
    }

    @Test
    void theCatalogListsTriggerEventsOperatorsAndActions() {
        ApiClient.Response catalog = api.get("/api/automation/catalog");

        assertThat(catalog.status()).isEqualTo(200);
        assertThat(catalog.json().get("events").toString()).contains("pulse.deal.stage_changed.v1", "pulse.contact.created.v1",
                "pulse.task.overdue.v1", "pulse.activity.logged.v1").doesNotContain("pulse.pipeline.created.v1");
        assertThat(catalog.json().get("operators").toString()).contains("changed_to", "is_empty", "in");
        assertThat(catalog.json().get("actions").toString()).contains("create_task", "wait_until", "branch");
    }

    private static void assertProblem(ApiClient.Response response, String field, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        List<String> matching = new ArrayList<>();
        response.json().get("errors").forEach(error -> {
            if (error.get("field").asString().equals(field) && error.get("message").asString().contains(message)) {
                matching.add(field);
            }
        });
        assertThat(matching).as(response.toString()).isNotEmpty();
    }
}

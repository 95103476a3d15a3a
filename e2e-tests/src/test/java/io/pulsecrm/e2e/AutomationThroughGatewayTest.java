package io.pulsecrm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #7's promises across the real services: rules created through the gateway react to what people do
 * in deals- and contacts-service and act through tasks-, contacts- and notification-service.
 */
class AutomationThroughGatewayTest {

    private static final Duration ACTED = Duration.ofSeconds(60);
    private static E2ePlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = E2ePlatform.shared();
    }

    @Test
    void aDealEnteringProposalGetsAFollowUpTaskForItsOwnerAndANoticeForTheirManager() {
        String marker = unique();
        ApiClient admin = platform.as("alex");
        JsonNode pipeline = created(admin.post("/api/pipelines", """
                {"name":"E2E %s","lostReasons":["Price"],"stages":[
                  {"name":"Lead","probability":10},{"name":"Proposal","probability":60},
                  {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""".formatted(marker)));
        createRule(admin, """
                {"name":"Proposal follow-up %1$s","team":"east",
                 "trigger":{"type":"event","events":["pulse.deal.stage_changed.v1"],"field":"stage.name","to":"Proposal"},
                 "conditions":{"all":[{"field":"deal.title","op":"contains","value":"%1$s"}]},
                 "actions":[
                   {"type":"create_task","taskType":"call","title":"Follow up {{deal.title}}","dueIn":"P2D","assignee":{"type":"owner"}},
                   {"type":"notify","recipients":[{"type":"manager"}],"channels":["in_app"],"title":"{{owner.name}} moved {{deal.title}}"}]}"""
                .formatted(marker));

        ApiClient ada = platform.as("ada");
        JsonNode deal = created(ada.post("/api/deals", """
                {"title":"Deal %s","pipelineId":"%s","amount":25000,"currency":"EUR","expectedCloseDate":"%s"}"""
                .formatted(marker, pipeline.get("id").asString(), LocalDate.now().plusMonths(1))));
        Response moved = ada.post("/api/deals/" + deal.get("id").asString() + "/move",
                "{\"stageId\":\"" + stageId(pipeline, "Proposal") + "\"}",
                Map.of("If-Match", "\"" + deal.get("version").asLong() + "\""));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        JsonNode task = await().atMost(ACTED).until(() -> find(ada.get("/api/tasks?assigneeId=ada&limit=200"),
                "title", "Follow up Deal " + marker), found -> found != null);
        assertThat(task.get("dealId").asString()).isEqualTo(deal.get("id").asString());
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

    private static JsonNode createRule(ApiClient admin, String rule) {
        return created(admin.post("/api/automation/rules", rule));
    }

    private static JsonNode patch(ApiClient client, String contactId, long version, String body) {
        Response patched = client.patch("/api/contacts/" + contactId, body, Map.of("If-Match", "\"" + version + "\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        return patched.json();
    }

    private static JsonNode created(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
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

    private static String stageId(JsonNode pipeline, String name) {
        for (JsonNode stage : pipeline.get("stages")) {
            if (stage.get("name").asString().equals(name)) {
                return stage.get("id").asString();
            }
        }
        throw new AssertionError("no stage " + name + " in " + pipeline);
    }

    private static String unique() {
        return "auto" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}

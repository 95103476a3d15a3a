package io.pulsecrm.automation.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.automation.support.AutomationTest;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Date triggers and cron schedules over automation's read model of the records. */
class TimeTriggersTest extends AutomationTest {

    @Test
    void aDateTriggerFiresOncePerRecordWhenItsDatePlusTheOffsetComes() {
        String pipeline = unique();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String at = LocalTime.now(ZoneOffset.UTC).plusSeconds(4).truncatedTo(ChronoUnit.SECONDS).toString();
        String ruleId = createRule(json("""
                {"name": "Three days before close",
                 "trigger": {"type": "date", "record": "deal", "field": "expectedCloseDate", "offset": "-P3D", "at": "%s"},
                 "conditions": {"field": "deal.pipelineId", "op": "equals", "value": "%s"},
                 "actions": [{"type": "create_task", "title": "Closing soon: {{deal.title}} %s"}]}
                """.formatted(at, pipeline, pipeline)));
        ObjectNode closing = deal(unique(), pipeline, TestIdentity.EAST_REP, "proposal");
        closing.put("expectedCloseDate", today.plusDays(3).toString());
        ObjectNode later = deal(unique(), pipeline, TestIdentity.EAST_REP, "proposal");
        later.put("expectedCloseDate", today.plusDays(5).toString());

        publish(DEALS_TOPIC, event("pulse.deal.created.v1", closing.get("id").asString(), Map.of("deal", closing)));
        publish(DEALS_TOPIC, event("pulse.deal.created.v1", later.get("id").asString(), Map.of("deal", later)));

        JsonNode run = awaitRun(ruleId, Set.of("completed", "failed"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("id").asString()).isEqualTo(ruleId + ":date:deal:" + closing.get("id").asString()
                + ":expectedCloseDate:" + today.plusDays(3));
        assertThat(run.at("/trigger/type").asString()).isEqualTo("pulse.deal.date_reached.v1");
        assertThat(run.at("/record/id").asString()).isEqualTo(closing.get("id").asString());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> runsOf(ruleId).size() == 1);
        assertThat(standIns().tasksCreated(pipeline)).isEqualTo(1);
        disable(ruleId);
    }

    @Test
    void birthdaysComeEveryYear() {
        String source = unique();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String at = LocalTime.now(ZoneOffset.UTC).plusSeconds(4).truncatedTo(ChronoUnit.SECONDS).toString();
        String ruleId = createRule(json("""
                {"name": "Birthday wishes",
                 "trigger": {"type": "date", "record": "contact", "field": "birthday", "annually": true, "at": "%s"},
                 "conditions": {"field": "contact.source", "op": "equals", "value": "%s"},
                 "actions": [{"type": "notify", "recipients": [{"type": "owner"}], "title": "{{contact.firstName}} has a birthday today"}]}
                """.formatted(at, source)));
        String contactId = unique();
        publish(CONTACTS_TOPIC, event("pulse.contact.created.v1", contactId, Map.of("contact", Map.of("id", contactId,
                "firstName", "Grace", "source", source, "ownerId", TestIdentity.OTHER_EAST_REP,
                "birthday", today.withYear(1990).toString()))));

        JsonNode run = awaitRun(ruleId, Set.of("completed", "failed"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("id").asString()).endsWith(":birthday:" + today);
        assertThat(run.at("/steps/0/output/recipients/0").asString()).isEqualTo(TestIdentity.OTHER_EAST_REP);
        disable(ruleId);
    }

    @Test
    void aScheduleRunsOverTheRecordsOfItsSegmentAtEachTick() {
        String pipeline = unique();
        List<ObjectNode> deals = List.of(deal(unique(), pipeline, TestIdentity.EAST_REP, "proposal"),
                deal(unique(), pipeline, TestIdentity.OTHER_EAST_REP, "proposal"),
                deal(unique(), pipeline, TestIdentity.EAST_REP, "proposal").put("amount", 10));
        deals.forEach(deal -> publish(DEALS_TOPIC, event("pulse.deal.created.v1", deal.get("id").asString(), Map.of("deal", deal))));

        String ruleId = createRule(json("""
                {"name": "Every two seconds",
                 "trigger": {"type": "schedule", "record": "deal", "cron": "*/2 * * * * *"},
                 "conditions": {"all": [{"field": "deal.pipelineId", "op": "equals", "value": "%s"},
                                        {"field": "deal.amount", "op": "gt", "value": 1000}]},
                 "actions": [{"type": "notify", "recipients": [{"type": "owner"}], "title": "Weekly check of {{deal.title}}"}]}
                """.formatted(pipeline)));

        Set<String> wanted = Set.of(deals.get(0).get("id").asString(), deals.get(1).get("id").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> runsOf(ruleId).stream()
                .filter(r -> r.get("status").asString().equals("completed"))
                .map(r -> r.at("/record/id").asString()).collect(java.util.stream.Collectors.toSet()).containsAll(wanted));
        disable(ruleId);
        List<JsonNode> runs = runsOf(ruleId);
        assertThat(runs).extracting(r -> r.at("/record/id").asString())
                .contains(deals.get(0).get("id").asString(), deals.get(1).get("id").asString())
                .doesNotContain(deals.get(2).get("id").asString());
        assertThat(runs).allSatisfy(r -> assertThat(r.get("id").asString()).startsWith(ruleId + ":schedule:"));
        assertThat(runs).extracting(r -> r.get("id").asString()).doesNotHaveDuplicates();

        ApiClient.Response dry = api.post("/api/automation/rules/" + ruleId + "/dry-run",
                "{\"recordType\": \"deal\", \"recordId\": \"" + deals.get(2).get("id").asString() + "\"}");
        assertThat(dry.status()).as("the stand-in does not know this deal").isEqualTo(404);
    }

    @Test
    void timeTriggersAreValidated() {
        ApiClient.Response bad = api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "date", "record": "deal", "field": "birthday", "offset": "soon"},
                 "actions": [{"type": "stop"}]}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("trigger.field").contains("trigger.offset");
        ApiClient.Response cron = api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "schedule", "record": "deal", "cron": "0 0 25 * * *"},
                 "actions": [{"type": "stop"}]}""");
        assertThat(cron.status()).isEqualTo(400);
        assertThat(cron.body()).contains("trigger.cron");
    }
}

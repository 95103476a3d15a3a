package io.pulsecrm.automation.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.automation.support.AutomationTest;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Date triggers on custom date fields ({@code customFields.<key>}) of contacts, companies and deals: fired from the
 * dates their events carry, like the built-in ones, and forgotten when the field goes away.
 */
class CustomDateTriggersTest extends AutomationTest {

    private static final String COMPANIES_TOPIC = "pulse.contacts.company.v1";

    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;
    @Autowired
    WatchedDateFields watched;

    @Test
    void aContactsCustomDateFiresItsOffsetBeforeOncePerRecord() {
        String source = unique();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String ruleId = createRule(json("""
                {"name": "Renewal in 30 days",
                 "trigger": {"type": "date", "record": "contact", "field": "customFields.contractRenewal", "offset": "-P30D", "at": "%s"},
                 "conditions": {"field": "contact.source", "op": "equals", "value": "%s"},
                 "actions": [{"type": "notify", "recipients": [{"type": "owner"}], "title": "Renewal of {{contact.firstName}} on {{contact.customFields.contractRenewal}}"}]}
                """.formatted(soon(), source)));
        assertThat(api.get("/api/automation/rules/" + ruleId).json().at("/trigger/field").asString())
                .isEqualTo("customFields.contractRenewal");
        String due = unique();
        String later = unique();
        EventEnvelope dueCreated = created(due, source,
                Map.of("contractRenewal", today.plusDays(30).toString(), "region", "north"));
        publish(CONTACTS_TOPIC, dueCreated);
        publish(CONTACTS_TOPIC, created(later, source,
                Map.of("contractRenewal", today.plusDays(31).toString())));

        JsonNode run = awaitRun(ruleId, Set.of("completed", "failed"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("id").asString()).isEqualTo(ruleId + ":date:contact:" + due + ":customFields.contractRenewal:"
                + today.plusDays(30));
        assertThat(run.at("/trigger/type").asString()).isEqualTo("pulse.contact.date_reached.v1");
        assertThat(run.at("/trigger/data/field").asString()).isEqualTo("customFields.contractRenewal");
        assertThat(run.at("/steps/0/input/title").asString()).isEqualTo("Renewal of Grace on " + today.plusDays(30));

        publish(CONTACTS_TOPIC, dueCreated); // a redelivery changes nothing, nor do the passes that follow
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> runsOf(ruleId).size() == 1);
        disable(ruleId);
    }

    @Test
    void dealAndCompanyCustomDatesFireLikeBuiltInOnesYearlyToo() {
        String pipeline = unique();
        String industry = unique();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String at = soon();
        String dealRule = createRule(json("""
                {"name": "Signing anniversary",
                 "trigger": {"type": "date", "record": "deal", "field": "customFields.signedOn", "annually": true, "at": "%s"},
                 "conditions": {"field": "deal.pipelineId", "op": "equals", "value": "%s"},
                 "actions": [{"type": "create_task", "title": "Anniversary of {{deal.title}} %s"}]}
                """.formatted(at, pipeline, pipeline)));
        String companyRule = createRule(json("""
                {"name": "Audit day",
                 "trigger": {"type": "date", "record": "company", "field": "customFields.auditDate", "at": "%s"},
                 "conditions": {"field": "company.industry", "op": "equals", "value": "%s"},
                 "actions": [{"type": "notify", "recipients": [{"type": "owner"}], "title": "Audit at {{company.name}}"}]}
                """.formatted(at, industry)));

        var signed = deal(unique(), pipeline, TestIdentity.EAST_REP, "proposal");
        signed.putObject("customFields").put("signedOn", today.minusYears(3).toString());
        var notToday = deal(unique(), pipeline, TestIdentity.EAST_REP, "proposal");
        notToday.putObject("customFields").put("signedOn", today.minusYears(3).plusDays(1).toString());
        publish(DEALS_TOPIC, event("pulse.deal.created.v1", signed.get("id").asString(), Map.of("deal", signed)));
        publish(DEALS_TOPIC, event("pulse.deal.created.v1", notToday.get("id").asString(), Map.of("deal", notToday)));
        String company = unique();
        publish(COMPANIES_TOPIC, TestEvents.event("pulse.company.created.v1", "/pulse/contacts-service", company,
                Instant.now(), 1, Map.of("company", Map.of("id", company, "name", "Acme " + company.substring(0, 8),
                        "industry", industry, "ownerId", TestIdentity.OTHER_EAST_REP,
                        "customFields", Map.of("auditDate", today.toString()),
                        "createdAt", Instant.now().toString(), "updatedAt", Instant.now().toString()))));

        JsonNode dealRun = awaitRun(dealRule, Set.of("completed", "failed"));
        assertThat(dealRun.get("status").asString()).as(dealRun.toString()).isEqualTo("completed");
        assertThat(dealRun.get("id").asString()).isEqualTo(dealRule + ":date:deal:" + signed.get("id").asString()
                + ":customFields.signedOn:" + today);
        JsonNode companyRun = awaitRun(companyRule, Set.of("completed", "failed"));
        assertThat(companyRun.get("status").asString()).as(companyRun.toString()).isEqualTo("completed");
        assertThat(companyRun.at("/record/id").asString()).isEqualTo(company);
        assertThat(companyRun.at("/steps/0/output/recipients/0").asString()).isEqualTo(TestIdentity.OTHER_EAST_REP);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> runsOf(dealRule).size() == 1 && runsOf(companyRule).size() == 1);
        assertThat(standIns().tasksCreated(pipeline)).isEqualTo(1);
        disable(dealRule);
        disable(companyRule);
    }

    @Test
    void aCustomDateRemovedFromTheRecordOrARecordDeletedOrErasedNoLongerFires() {
        String source = unique();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String kept = unique();
        String removed = unique();
        String deleted = unique();
        String erased = unique();
        for (String id : List.of(kept, removed, deleted, erased)) {
            publish(CONTACTS_TOPIC, created(id, source, Map.of("renewal", today)));
        }
        publish(CONTACTS_TOPIC, contactEvent("pulse.contact.updated.v1", removed, 2, Map.of(
                "contact", contact(removed, source, Map.of()),
                "changes", Map.of("customFields", Map.of("renewal", mapOf("from", today, "to", null))))));
        publish(CONTACTS_TOPIC, contactEvent("pulse.contact.deleted.v1", deleted, 2, Map.of("contactId", deleted,
                "deletedAt", Instant.now().toString())));
        publish(CONTACTS_TOPIC, contactEvent("pulse.contact.erased.v1", erased, 2, Map.of("contactId", erased,
                "erasedAt", Instant.now().toString())));
        // the read model has taken every event in before the rule's moment comes
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(removed, deleted, erased).stream()
                .allMatch(id -> snapshotVersion("contact:" + id) >= 2) && snapshotVersion("contact:" + kept) >= 1);

        String ruleId = createRule(json("""
                {"name": "Renewal day",
                 "trigger": {"type": "date", "record": "contact", "field": "customFields.renewal", "at": "%s"},
                 "conditions": {"field": "contact.source", "op": "equals", "value": "%s"},
                 "actions": [{"type": "stop", "reason": "seen"}]}
                """.formatted(soon(), source)));
        JsonNode run = awaitRun(ruleId, Set.of("stopped", "failed"));
        assertThat(run.at("/record/id").asString()).isEqualTo(kept);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> runsOf(ruleId).size() == 1);
        disable(ruleId);
    }

    @Test
    void aWatchedCustomFieldHoldingSomethingElseThanADateIsSkippedAndCounted() {
        String source = unique();
        String key = "k" + unique().replace("-", "").substring(0, 12);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String ruleId = createRule(json("""
                {"name": "Odd values",
                 "trigger": {"type": "date", "record": "contact", "field": "customFields.%s", "at": "%s"},
                 "conditions": {"field": "contact.source", "op": "equals", "value": "%s"},
                 "actions": [{"type": "stop", "reason": "seen"}]}
                """.formatted(key, soon(), source)));
        await().atMost(Duration.ofSeconds(5)).until(() -> watched.watches("contact", key));
        double skippedBefore = skipped();

        String good = unique();
        List<Object> odd = List.of("next spring", 20260101, today + "T09:00:00Z", today.toString().replace("-", "/"),
                "2026-02-30", true);
        List<String> oddIds = new ArrayList<>();
        for (Object value : odd) {
            String id = unique();
            oddIds.add(id);
            publish(CONTACTS_TOPIC, created(id, source, Map.of(key, value)));
        }
        publish(CONTACTS_TOPIC, created(good, source, Map.of(key, today.toString())));

        JsonNode run = awaitRun(ruleId, Set.of("stopped", "failed"));
        assertThat(run.at("/record/id").asString()).isEqualTo(good);
        await().atMost(Duration.ofSeconds(10)).until(() -> skipped() - skippedBefore >= odd.size());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> runsOf(ruleId).size() == 1);
        assertThat(oddIds).allSatisfy(id -> assertThat(snapshotVersion("contact:" + id)).isEqualTo(1));
        disable(ruleId);
    }

    @Test
    void customDateFieldsAreValidatedAndListedInTheCatalog() {
        for (String field : List.of("customFields.contract-renewal", "customFields.", "customFields.$where",
                "customFields.a.b", "customFields." + "x".repeat(51), "customFields.9lives")) {
            ApiClient.Response bad = api.post("/api/automation/rules", """
                    {"name": "n", "trigger": {"type": "date", "record": "contact", "field": "%s"},
                     "actions": [{"type": "stop"}]}""".formatted(field));
            assertThat(bad.status()).as(field).isEqualTo(400);
            assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
            assertThat(errors(bad)).as(field).containsOnlyKeys("trigger.field");
            assertThat(errors(bad).get("trigger.field")).contains("custom field key").doesNotContain("$where");
        }
        ApiClient.Response task = api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "date", "record": "task", "field": "customFields.renewal"},
                 "actions": [{"type": "stop"}]}""");
        assertThat(task.status()).isEqualTo(400);
        assertThat(errors(task).get("trigger.field")).contains("task records carry no custom fields");
        ApiClient.Response unknown = api.post("/api/automation/rules", """
                {"name": "n", "trigger": {"type": "date", "record": "deal", "field": "renewal"},
                 "actions": [{"type": "stop"}]}""");
        assertThat(errors(unknown).get("trigger.field")).contains("expectedCloseDate").contains("customFields.<key>");

        JsonNode catalog = api.get("/api/automation/catalog").json();
        assertThat(catalog.at("/customDateFields/field").asString()).isEqualTo("customFields.<key>");
        assertThat(catalog.at("/customDateFields/records").toString()).contains("contact", "company", "deal")
                .doesNotContain("task");
        assertThat(catalog.at("/customDateFields/keyPattern").asString()).isNotBlank();
        assertThat(catalog.at("/dateFields/contact").toString()).contains("birthday");
    }

    // ---- helpers

    /**
     * A time of day a few seconds from now: a rule created now fires then. Not less: a moment before the rule's
     * creation never fires, and creating it can take a while on a busy machine.
     */
    private static String soon() {
        return LocalTime.now(ZoneOffset.UTC).plusSeconds(4).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Map<String, Object> contact(String id, String source, Map<String, ?> customFields) {
        return Map.of("id", id, "firstName", "Grace", "source", source, "ownerId", TestIdentity.OTHER_EAST_REP,
                "customFields", customFields, "createdAt", Instant.now().toString(), "updatedAt", Instant.now().toString());
    }

    private static EventEnvelope created(String id, String source, Map<String, ?> customFields) {
        return contactEvent("pulse.contact.created.v1", id, 1, Map.of("contact", contact(id, source, customFields)));
    }

    private static EventEnvelope contactEvent(String type, String id, long version, Map<String, ?> data) {
        return TestEvents.event(type, "/pulse/contacts-service", id, Instant.now(), version, data);
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new LinkedHashMap<>(); // Map.of refuses the null of a cleared value
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private long snapshotVersion(String rowId) {
        Document row = mongo.findById(rowId, Document.class, RecordSnapshots.COLLECTION);
        return row == null ? 0 : row.get("sourceVersion", Number.class).longValue();
    }

    private double skipped() {
        var counter = meters.find("pulse.automation.date_triggers.skipped")
                .tags("record", "contact", "reason", "not_a_date").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Map<String, String> errors(ApiClient.Response response) {
        Map<String, String> errors = new LinkedHashMap<>();
        response.json().path("errors").forEach(error -> errors.merge(error.get("field").asString(),
                error.get("message").asString(), (a, b) -> a + "; " + b));
        return errors;
    }
}

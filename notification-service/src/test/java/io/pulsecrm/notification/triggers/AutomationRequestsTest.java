package io.pulsecrm.notification.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.notification.email.EmailMessage;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

/** Notifications asked for by automation rules (pulse.automation.notification_requested.v1). */
class AutomationRequestsTest extends ServiceApiTest {

    @Autowired
    MongoTemplate mongo;

    @Test
    void eachRecipientGetsTheNotificationOnceOnTheChannelsTheRuleAndTheirPreferencesAllow() {
        String manager = TestUsers.rep("east");
        String optedOut = TestUsers.rep("east");
        assertThat(apiAs(optedOut).send("PUT", "/api/notifications/preferences",
                "{\"channels\": {\"automation\": [\"in_app\"]}}", Map.of("Content-Type", "application/json")).status())
                .isEqualTo(200);
        String run = Ids.newId() + ":" + Ids.newId();
        EventEnvelope requested = TestEvents.event("pulse.automation.notification_requested.v1", run + ":1", Map.ofEntries(
                Map.entry("requestId", run + ":1"), Map.entry("ruleId", "rule-1"), Map.entry("ruleName", "Proposal follow-up"),
                Map.entry("runId", run), Map.entry("step", 1), Map.entry("triggerEventId", Ids.newId()),
                Map.entry("recipients", List.of(manager, optedOut)), Map.entry("channels", List.of("in_app", "email")),
                Map.entry("title", "Ada moved ACME to Proposal"), Map.entry("body", "Amount 12000 EUR"),
                Map.entry("subjectType", "deal"), Map.entry("subjectId", "deal-1"),
                Map.entry("requestedAt", Instant.now().toString())));
        EventSchemaValidator.assertValid(io.pulsecrm.platform.events.EventJson.write(requested));

        TestEvents.publish(AutomationRequests.TOPIC, requested);
        TestEvents.publish(AutomationRequests.TOPIC, requested); // at-least-once delivery

        for (String user : List.of(manager, optedOut)) {
            Response inbox = await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/notifications?userId=" + user), r -> r.json().get("items").size() == 1);
            JsonNode item = inbox.json().get("items").get(0);
            assertThat(item.get("type").asString()).isEqualTo("automation");
            assertThat(item.get("title").asString()).isEqualTo("Ada moved ACME to Proposal");
            assertThat(item.get("body").asString()).isEqualTo("Amount 12000 EUR");
            assertThat(item.get("subjectType").asString()).isEqualTo("deal");
            assertThat(item.get("subjectId").asString()).isEqualTo("deal-1");
            assertThat(item.at("/data/ruleName").asString()).isEqualTo("Proposal follow-up");
            assertThat(item.get("sourceEventId").asString()).isEqualTo(requested.id());
        }
        List<EmailMessage> emails = await().atMost(Duration.ofSeconds(10)).until(() -> mongo.find(
                Query.query(Criteria.where("sourceEventId").is(requested.id())), EmailMessage.class), list -> !list.isEmpty());
        assertThat(emails).extracting(EmailMessage::userId).containsExactly(manager);
        assertThat(emails.getFirst().subject()).isEqualTo("Ada moved ACME to Proposal");
        // the redelivery changed nothing
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                api.get("/api/notifications?userId=" + manager).json().get("items").size() == 1);
    }

    @Test
    void inAppOnlyRequestsQueueNoEmail() {
        String user = TestUsers.rep("west");
        String run = Ids.newId() + ":" + Ids.newId();
        EventEnvelope requested = TestEvents.event("pulse.automation.notification_requested.v1", run + ":0", Map.of(
                "requestId", run + ":0", "ruleId", "rule-2", "runId", run, "step", 0, "recipients", List.of(user),
                "channels", List.of("in_app"), "title", "Lead assigned", "requestedAt", Instant.now().toString()));

        TestEvents.publish(AutomationRequests.TOPIC, requested);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/notifications?userId=" + user).json().get("items").size() == 1);
        assertThat(mongo.find(Query.query(Criteria.where("sourceEventId").is(requested.id())), EmailMessage.class)).isEmpty();
    }
}

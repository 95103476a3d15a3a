package io.pulsecrm.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.notification.NotificationApplication;
import io.pulsecrm.notification.UpstreamEvents;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Too many failed attempts in a row pause a subscription: its deliveries wait, its owner is told in-app, and
 * reactivating it sends what waited. An instance of its own (pause after 3, fed directly, listeners off).
 */
@PulseInfrastructure
class WebhookPauseTest {

    @Test
    void consecutiveFailuresPauseTheSubscriptionUntilItIsReactivated() {
        String owner = TestUsers.rep();
        try (Receiver receiver = Receiver.start();
             ConfigurableApplicationContext service = startService()) {
            receiver.answer(r -> new Receiver.Answer(500, Map.of()));
            ApiClient api = api(service);
            WebhookFanout fanout = service.getBean(WebhookFanout.class);
            String subject = Ids.newId();
            JsonNode created = api.post("/api/webhooks", EventJson.toTree(Map.of("targetUrl", receiver.url(),
                    "eventTypes", List.of("pulse.task.*"), "subject", subject, "ownerId", owner)).toString()).json();
            String id = created.get("id").asString();
            assertThat(created.get("ownerId").asString()).isEqualTo(owner);
            assertThat(created.get("status").asString()).isEqualTo("active");

            fanout.onEvent(TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-p1", "One")));
            JsonNode paused = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/webhooks/" + id).json(),
                    s -> s.get("status").asString().equals("paused"));
            assertThat(paused.get("active").asBoolean()).isFalse();
            assertThat(paused.get("disabledReason").asString()).contains("3 consecutive failed attempts");
            assertThat(receiver.received).hasSize(3);

            // the owner is told in-app
            JsonNode inbox = await().atMost(Duration.ofSeconds(10)).until(
                    () -> api.get("/api/notifications?userId=" + owner).json().get("items"), items -> items.size() == 1);
            assertThat(inbox.get(0).get("type").asString()).isEqualTo("webhook_paused");
            assertThat(inbox.get(0).get("subjectId").asString()).isEqualTo(id);
            // in their own inbox, with their own token
            ApiClient asOwner = ApiClient.localhost(((WebServerApplicationContext) service).getWebServer().getPort()).as(owner);
            assertThat(asOwner.get("/api/notifications").json().get("items").get(0).get("id").asString())
                    .isEqualTo(inbox.get(0).get("id").asString());

            // while paused: new events are queued, nothing is sent
            receiver.answer(r -> Receiver.Answer.ok());
            fanout.onEvent(TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-p2", "Two")));
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/webhooks/" + id
                    + "/deliveries?status=pending").json().get("items").size() == 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(receiver.received).hasSize(3));

            // reactivating resumes: both go out at once
            JsonNode resumed = api.patch("/api/webhooks/" + id, "{\"active\":true}",
                    Map.of("If-Match", api.get("/api/webhooks/" + id).header("ETag"))).json();
            assertThat(resumed.get("status").asString()).isEqualTo("active");
            assertThat(resumed.get("consecutiveFailures").asInt()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/webhooks/" + id
                    + "/deliveries?status=delivered").json().get("items").size() == 2);
            assertThat(receiver.received).hasSize(5);
            assertThat(receiver.received.subList(3, 5)).extracting(Receiver.Received::id).doesNotHaveDuplicates();
        }
    }

    private static ConfigurableApplicationContext startService() {
        return new SpringApplicationBuilder(NotificationApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.mongodb.uri=" + TestInfrastructure.shared().mongoUri("notification-pause-" + UUID.randomUUID()),
                        "--spring.kafka.listener.auto-startup=false",
                        "--pulse.notifications.webhooks.pause-after-consecutive-failures=3",
                        "--pulse.notifications.webhooks.endpoint-minimum-calls=100");
    }

    private static ApiClient api(ConfigurableApplicationContext context) {
        return ApiClient.localhost(((WebServerApplicationContext) context).getWebServer().getPort()).as(TestIdentity.ADMIN);
    }
}

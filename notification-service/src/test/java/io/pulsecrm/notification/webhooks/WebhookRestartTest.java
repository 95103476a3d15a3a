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

/** Pending retries live in the store: a delivery that failed before a restart is delivered after it, once. */
@PulseInfrastructure
class WebhookRestartTest {

    @Test
    void retriesSurviveARestart() {
        String database = "notification-webhooks-" + UUID.randomUUID();
        Receiver probe = Receiver.start();
        int port = probe.port();
        String url = probe.url();
        probe.close(); // the partner is down
        String subject = Ids.newId();
        String subscription;
        try (ConfigurableApplicationContext before = startService(database)) {
            ApiClient api = api(before);
            subscription = api.post("/api/webhooks", EventJson.toTree(Map.of("targetUrl", url,
                    "eventTypes", List.of("pulse.task.*"), "subject", subject)).toString()).json().get("id").asString();
            // this instance's fan-out, fed directly (listeners are off in these instances)
            String event = TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-r", "Restart 2"));
            before.getBean(WebhookFanout.class).onEvent(event);
            before.getBean(WebhookFanout.class).onEvent(event); // redelivered
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode items = api.get("/api/webhooks/" + subscription + "/deliveries").json().get("items");
                return items.size() == 1 && items.get(0).get("attemptCount").asInt() >= 1;
            });
        }
        try (Receiver receiver = Receiver.start(port);
             ConfigurableApplicationContext after = startService(database)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(receiver.received).hasSize(1));
            assertThat(receiver.received.get(0).body()).contains("Restart 2");
            JsonNode delivery = api(after).get("/api/webhooks/" + subscription + "/deliveries").json().get("items").get(0);
            assertThat(delivery.get("status").asString()).isEqualTo("delivered");
            assertThat(delivery.get("attemptCount").asInt()).isGreaterThanOrEqualTo(2);
        }
    }

    private static ConfigurableApplicationContext startService(String database) {
        return new SpringApplicationBuilder(NotificationApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.mongodb.uri=" + TestInfrastructure.shared().mongoUri(database),
                        "--spring.kafka.listener.auto-startup=false");
    }

    private static ApiClient api(ConfigurableApplicationContext context) {
        return ApiClient.localhost(((WebServerApplicationContext) context).getWebServer().getPort()).as(TestIdentity.ADMIN);
    }
}

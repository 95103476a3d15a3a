package io.pulsecrm.notification.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.pulsecrm.notification.NotificationApplication;
import io.pulsecrm.notification.SseClient;
import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.notification.inbox.Inbox;
import io.pulsecrm.notification.inbox.NotificationDraft;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two replicas sharing one store: a notification stored by one replica (the one whose consumer got the event)
 * reaches a stream open on the other, once.
 */
@PulseInfrastructure
class PushAcrossReplicasTest {

    @Test
    void aNotificationStoredByOneReplicaIsPushedByTheReplicaHoldingTheStream() {
        String database = "notification-push-" + UUID.randomUUID();
        try (ConfigurableApplicationContext first = startService(database);
             ConfigurableApplicationContext second = startService(database)) {
            String user = TestUsers.rep();
            try (SseClient onSecond = SseClient.open(port(second), user, null);
                 SseClient onFirst = SseClient.open(port(first), user, null)) {
                EventEnvelope cause = TestEvents.event("pulse.task.assigned.v1", "task-1", Map.of());
                first.getBean(Inbox.class).deliver(cause,
                        new NotificationDraft(user, "task_assigned", "Task assigned to you: X", "", "task", "task-1", Map.of()));

                SseClient.Event pushed = onSecond.await(e -> "notification".equals(e.name()));
                assertThat(pushed.json().get("title").asString()).isEqualTo("Task assigned to you: X");
                onFirst.await(e -> "notification".equals(e.name()));
                // later polls see it again within the overlap window, but each stream sends it once
                org.awaitility.Awaitility.await().during(java.time.Duration.ofSeconds(1))
                        .atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
                            assertThat(onSecond.events()).filteredOn(e -> "notification".equals(e.name())).hasSize(1);
                            assertThat(onFirst.events()).filteredOn(e -> "notification".equals(e.name())).hasSize(1);
                        });
            }
        }
    }

    private static ConfigurableApplicationContext startService(String database) {
        return new SpringApplicationBuilder(NotificationApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.mongodb.uri=" + TestInfrastructure.shared().mongoUri(database),
                        // these instances only prove the push; consuming is other tests' business
                        "--spring.kafka.listener.auto-startup=false");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}

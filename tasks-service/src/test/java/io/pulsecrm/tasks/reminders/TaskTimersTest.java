package io.pulsecrm.tasks.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventSchemaValidator;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.EventCollector;
import io.pulsecrm.platform.test.PulseInfrastructure;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.platform.test.TestInfrastructure;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.tasks.TasksApplication;
import io.pulsecrm.tasks.tasks.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Reminders and overdue notices are durable timers that fire once: with two replicas polling the same store,
 * and after the only replica was down across the due time. Real service instances on random ports, each test
 * with a database of its own so that no other test's instance fires its timers.
 */
@PulseInfrastructure
class TaskTimersTest {

    private static EventCollector events;

    @BeforeAll
    static void listen() {
        TestIdentity.shared().addUser("rep-timers", Role.REP, "east");
        events = EventCollector.listen(Task.TOPIC);
    }

    @AfterAll
    static void stopListening() {
        events.close();
    }

    @Test
    void remindersAndOverdueFireOnceWithTwoReplicasRunning() {
        String database = "tasks-timers-" + UUID.randomUUID();
        try (ConfigurableApplicationContext first = startService(database);
             ConfigurableApplicationContext second = startService(database)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // alternate the replica that takes the request: both see every timer
                ConfigurableApplicationContext replica = i % 2 == 0 ? first : second;
                // PT2S must still lie ahead when the task is stored: room for a slow first request on a busy machine
                ids.add(createTask(replica, Instant.now().plusSeconds(8), "[\"PT1S\",\"PT2S\",\"P1D\"]"));
            }

            for (String id : ids) {
                events.awaitEvent(event -> event.type().equals("pulse.task.overdue.v1") && event.subject().equals(id),
                        Duration.ofSeconds(20));
            }
            // give both replicas several more polls to (wrongly) fire anything a second time
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(timerEvents(ids)).as(describe(ids)).hasSize(12));

            for (String id : ids) {
                List<EventEnvelope> fired = timerEvents(List.of(id));
                assertThat(fired).filteredOn(e -> e.type().equals("pulse.task.reminder_due.v1"))
                        .extracting(e -> e.data().get("offset").asString())
                        .containsExactlyInAnyOrder("PT1S", "PT2S"); // P1D was already past when set: skipped
                assertThat(fired).filteredOn(e -> e.type().equals("pulse.task.overdue.v1")).hasSize(1)
                        .allSatisfy(e -> {
                            assertThat(e.data().get("assigneeId").asString()).isEqualTo("rep-timers");
                            // the assignee's manager, from the users directory: their team's (east) manager
                            assertThat(e.data().get("managerId").asString()).isEqualTo(TestIdentity.EAST_MANAGER);
                            assertThat(e.actor()).isEqualTo("system:task-timers");
                        });
            }
            // one event per timer and task: each version of a task was written once
            assertThat(timerEvents(ids)).extracting(e -> e.subject() + "@" + e.aggregateVersion()).doesNotHaveDuplicates();
            assertThat(events.records()).filteredOn(record -> ids.contains(record.key()))
                    .allSatisfy(record -> EventSchemaValidator.assertValid(record.value()));
        }
    }

    @Test
    void timersThatCameDueWhileTheServiceWasDownFireOnceAfterItStarts() {
        String database = "tasks-timers-" + UUID.randomUUID();
        Instant due;
        String id;
        try (ConfigurableApplicationContext before = startService(database)) {
            due = Instant.now().plusSeconds(3);
            id = createTask(before, due, "[\"PT1S\"]");
        }
        // the service is down across the reminder time and the due time
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(due.plusMillis(500)));
        assertThat(timerEvents(List.of(id))).isEmpty();

        try (ConfigurableApplicationContext after = startService(database)) {
            EventEnvelope overdue = events.awaitEvent(e -> e.type().equals("pulse.task.overdue.v1") && e.subject().equals(id),
                    Duration.ofSeconds(20));
            assertThat(overdue.data().get("dueAt").asString()).isEqualTo(due.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(timerEvents(List.of(id))).as(describe(List.of(id))).hasSize(2));
            EventEnvelope reminder = timerEvents(List.of(id)).stream()
                    .filter(e -> e.type().equals("pulse.task.reminder_due.v1")).findFirst().orElseThrow();
            // late rather than never: it says when it was meant and when it fired
            assertThat(Instant.parse(reminder.data().get("firedAt").asString()))
                    .isAfter(Instant.parse(reminder.data().get("remindAt").asString()));
        }
        assertThat(events.records()).filteredOn(record -> id.equals(record.key()))
                .allSatisfy(record -> EventSchemaValidator.assertValid(record.value()));
    }

    private static String describe(List<String> ids) {
        return events.events().stream().filter(e -> ids.contains(e.subject()))
                .map(e -> e.subject().substring(24) + ":" + e.type() + ":" + e.aggregateVersion() + ":" + e.data().path("offset").asString(""))
                .toList().toString();
    }

    /**
     * The timer events of these tasks, one per event id: a relay may publish an event twice (at-least-once, e.g. a
     * cold producer outlasting the other replica's sweep grace), which consumers drop by id; a timer firing twice
     * would be two events with different ids, and that is what these tests must never see.
     */
    private static List<EventEnvelope> timerEvents(List<String> ids) {
        Map<String, EventEnvelope> byId = new LinkedHashMap<>();
        events.events().stream()
                .filter(e -> ids.contains(e.subject()))
                .filter(e -> e.type().equals("pulse.task.reminder_due.v1") || e.type().equals("pulse.task.overdue.v1"))
                .forEach(e -> byId.putIfAbsent(e.id(), e));
        return List.copyOf(byId.values());
    }

    private static String createTask(ConfigurableApplicationContext replica, Instant due, String reminders) {
        ApiClient.Response created = api(replica).post("/api/tasks", """
                {"type":"call","title":"Timer","dueAt":"%s","assigneeId":"rep-timers","reminders":%s}"""
                .formatted(due, reminders));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static ConfigurableApplicationContext startService(String database) {
        return new SpringApplicationBuilder(TasksApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.mongodb.uri=" + TestInfrastructure.shared().mongoUri(database),
                        // these instances only prove the timers; reactions are another test's
                        "--spring.kafka.listener.auto-startup=false",
                        // the test profile's zero grace lets one replica's sweep race the other's immediate publish
                        // (at-least-once: a duplicate delivery of the same event id); keep a production-like grace
                        "--pulse.outbox.sweep-grace=2s");
    }

    private static ApiClient api(ConfigurableApplicationContext context) {
        return ApiClient.localhost(((WebServerApplicationContext) context).getWebServer().getPort())
                .as(TestIdentity.ADMIN);
    }
}

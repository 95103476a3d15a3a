package io.pulsecrm.notification.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import io.pulsecrm.notification.NotificationApplication;
import io.pulsecrm.notification.SseClient;
import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.notification.UpstreamEvents;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Record-change hints on the notification stream, with two replicas of the service reading real domain topics (the
 * shared test instance and one more): a
 * change reaches the open streams of the people who may see the record (owner, their manager, admins; a task's
 * creator and previous assignee) and nobody else, on whichever replica their stream is open.
 * <p>
 * That someone was <i>not</i> told is shown with a later change of the same record (same topic, same key, so
 * processed after it) that everybody may see: once it has arrived, the earlier one would have too.
 */
class LiveHintsTest extends ServiceApiTest {

    private static final String CONTACTS = UpstreamEvents.CONTACTS;
    private static final String TASKS = UpstreamEvents.TASKS;
    private static final String DEALS = UpstreamEvents.DEALS;

    private static ConfigurableApplicationContext second;
    @Autowired
    private KafkaListenerEndpointRegistry listeners;
    private final List<SseClient> streams = new ArrayList<>();
    private Replica first;

    /** A replica's stream port and what its live listener reads. */
    private record Replica(int port, KafkaListenerEndpointRegistry listeners) {
    }

    @BeforeAll
    static void secondReplica() throws Exception {
        createTopics(CONTACTS, TASKS, DEALS);
        second = startService("notification-live-" + UUID.randomUUID());
    }

    @BeforeEach
    void replicasReadTheTopics() {
        first = new Replica(port, listeners);
        for (Replica replica : List.of(first, replica(second))) {
            // each replica starts at the end of the topics: wait until it reads them before publishing
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> assignedTopics(replica).containsAll(Set.of(CONTACTS, TASKS, DEALS)));
        }
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeStreams() {
        streams.forEach(SseClient::close);
    }

    @Test
    void aContactChangeReachesItsOwnerTheirManagerAndAdminsButNoOtherRep() {
        String owner = TestUsers.rep("east");
        String teammate = TestUsers.rep("east");
        String otherTeamsRep = TestUsers.rep("west");
        SseClient ownerStream = open(first, owner);
        SseClient managerStream = open(second, TestIdentity.EAST_MANAGER);
        SseClient adminStream = open(first, TestIdentity.ADMIN);
        SseClient teammateStream = open(first, teammate);
        SseClient westManagerStream = open(second, TestIdentity.WEST_MANAGER);
        SseClient westRepStream = open(second, otherTeamsRep);
        String contact = Ids.newId();

        publish(CONTACTS, "pulse.contact.updated.v1", contact, 2, Map.of(
                "contact", Map.of("id", contact, "firstName", "Grace", "ownerId", owner, "companyId", "co-" + contact),
                "changes", Map.of("jobTitle", Map.of("from", "Analyst", "to", "Head"))));

        for (SseClient seer : List.of(ownerStream, managerStream, adminStream)) {
            SseClient.Event hint = seer.await(hint("contact", contact, 2));
            assertThat(hint.id()).as("no event id: Last-Event-ID keeps naming the last notification").isNull();
            assertThat(hint.json().get("related").get(0).get("type").asString()).isEqualTo("company");
            assertThat(hint.json().get("related").get(0).get("id").asString()).isEqualTo("co-" + contact);
            assertThat(hint.json().has("title")).as("a hint says nothing of the record's content").isFalse();
        }

        // given up to the shared pool (no owner): now everybody may see it, the previous owner's watchers included
        publish(CONTACTS, "pulse.contact.updated.v1", contact, 3, Map.of(
                "contact", Map.of("id", contact, "firstName", "Grace"),
                "changes", Map.of("ownerId", Map.of("from", owner))));
        for (SseClient stream : List.of(ownerStream, managerStream, adminStream, teammateStream, westManagerStream, westRepStream)) {
            stream.await(hint("contact", contact, 3));
        }
        for (SseClient outsider : List.of(teammateStream, westManagerStream, westRepStream)) {
            assertThat(outsider.events()).as("told of another rep's record").noneMatch(hint("contact", contact, 2));
        }
    }

    @Test
    void eachReplicaTellsTheStreamsOpenOnIt() {
        String owner = TestUsers.rep("east");
        SseClient onFirst = open(first, owner);
        SseClient onSecond = open(second, owner);
        String deal = Ids.newId();

        publish(DEALS, "pulse.deal.stage_changed.v1", deal, 5, Map.of("deal", Map.of("id", deal, "ownerId", owner,
                "contacts", List.of(Map.of("contactId", "c-" + deal, "role", "buyer")))));

        SseClient.Event viaFirst = onFirst.await(hint("deal", deal, 5));
        onSecond.await(hint("deal", deal, 5));
        assertThat(viaFirst.json().get("related").get(0).get("id").asString()).isEqualTo("c-" + deal);
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(onFirst.events()).filteredOn(hint("deal", deal, 5)).hasSize(1);
            assertThat(onSecond.events()).filteredOn(hint("deal", deal, 5)).hasSize(1);
        });
    }

    @Test
    void aReplicasGroupLeavesNoOffsetsBehindOnTheBroker() throws Exception {
        String owner = TestUsers.rep("east");
        SseClient stream = open(first, owner);
        String deal = Ids.newId();

        publish(DEALS, "pulse.deal.updated.v1", deal, 2, Map.of("deal", Map.of("id", deal, "ownerId", owner)));

        stream.await(hint("deal", deal, 2));
        String group = first.listeners().getListenerContainer(LiveHints.LISTENER_ID).getGroupId();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()))) {
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get())
                    .as("offsets committed by %s", group).isEmpty();
        }
    }

    @Test
    void aTaskIsHintedToItsAssigneeThePreviousOneAndItsCreatorButNotToOtherReps() {
        String previous = TestUsers.rep("east");
        String assignee = TestUsers.rep("east");
        String bystander = TestUsers.rep("east");
        SseClient previousStream = open(second, previous);
        SseClient assigneeStream = open(first, assignee);
        SseClient creatorStream = open(second, TestIdentity.WEST_MANAGER);
        SseClient bystanderStream = open(first, bystander);
        String task = Ids.newId();

        Map<String, Object> state = new java.util.HashMap<>(Map.of("id", task, "title", "Call", "status", "open",
                "assigneeId", assignee, "creatorId", TestIdentity.WEST_MANAGER, "dealId", "d-" + task));
        publish(TASKS, "pulse.task.assigned.v1", task, 2, Map.of("task", state, "previousAssigneeId", previous,
                "assigneeId", assignee));
        for (SseClient seer : List.of(previousStream, assigneeStream, creatorStream)) {
            assertThat(seer.await(hint("task", task, 2)).json().get("related").get(0).get("type").asString()).isEqualTo("deal");
        }

        state.remove("assigneeId");
        publish(TASKS, "pulse.task.updated.v1", task, 3, Map.of("task", state, "changes", Map.of()));
        bystanderStream.await(hint("task", task, 3));
        assertThat(bystanderStream.events()).noneMatch(hint("task", task, 2));
    }

    @Test
    void aDeletionReachesWhoSawTheRecordBeforeAndAnUnknownRecordsOnlyWhoSeesEverything() {
        String owner = TestUsers.rep("east");
        String teammate = TestUsers.rep("east");
        SseClient ownerStream = open(first, owner);
        SseClient teammateStream = open(second, teammate);
        SseClient adminStream = open(second, TestIdentity.ADMIN);
        String contact = Ids.newId();
        String stranger = Ids.newId();

        publish(CONTACTS, "pulse.contact.created.v1", contact, 1, Map.of("contact", Map.of("id", contact,
                "firstName", "Alan", "ownerId", owner)));
        publish(CONTACTS, "pulse.contact.deleted.v1", contact, 2, Map.of("contactId", contact,
                "deletedAt", "2026-12-01T10:00:00Z"));
        ownerStream.await(hint("contact", contact, 2));
        adminStream.await(hint("contact", contact, 2));

        // a record neither replica has seen an event of: its owner is unknown, so only admins hear of its deletion
        publish(CONTACTS, "pulse.contact.deleted.v1", stranger, 7, Map.of("contactId", stranger,
                "deletedAt", "2026-12-01T10:00:00Z"));
        adminStream.await(hint("contact", stranger, 7));
        publish(CONTACTS, "pulse.contact.updated.v1", stranger, 8, Map.of("contact", Map.of("id", stranger, "firstName", "X"),
                "changes", Map.of()));
        publish(CONTACTS, "pulse.contact.updated.v1", contact, 3, Map.of("contact", Map.of("id", contact, "firstName", "Alan"),
                "changes", Map.of("ownerId", Map.of("from", owner))));
        teammateStream.await(hint("contact", stranger, 8));
        teammateStream.await(hint("contact", contact, 3));
        ownerStream.await(hint("contact", stranger, 8));
        assertThat(teammateStream.events()).noneMatch(hint("contact", contact, 2)).noneMatch(hint("contact", stranger, 7));
        assertThat(ownerStream.events()).noneMatch(hint("contact", stranger, 7));
    }

    private SseClient open(ConfigurableApplicationContext replica, String user) {
        return open(replica(replica), user);
    }

    private SseClient open(Replica replica, String user) {
        SseClient stream = SseClient.open(replica.port(), user, null);
        streams.add(stream);
        return stream;
    }

    private static Predicate<SseClient.Event> hint(String type, String id, long version) {
        return event -> "change".equals(event.name()) && type.equals(event.json().path("type").asString())
                && id.equals(event.json().path("id").asString()) && event.json().path("version").asLong() == version;
    }

    private static void publish(String topic, String type, String subject, long version, Map<String, ?> data) {
        EventEnvelope event = TestEvents.event(type, "/pulse/test", subject, java.time.Instant.now(), version, data);
        TestEvents.publish(topic, event);
    }

    private static Replica replica(ConfigurableApplicationContext context) {
        return new Replica(((WebServerApplicationContext) context).getWebServer().getPort(),
                context.getBean(KafkaListenerEndpointRegistry.class));
    }

    private static Set<String> assignedTopics(Replica replica) {
        var container = replica.listeners().getListenerContainer(LiveHints.LISTENER_ID);
        var assigned = container == null ? null : container.getAssignedPartitions();
        return assigned == null ? Set.of() : assigned.stream().map(TopicPartition::topic).collect(java.util.stream.Collectors.toSet());
    }

    private static void createTopics(String... topics) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    /** A second replica: only its live hints matter (the inbox triggers and webhooks are other tests' business). */
    private static ConfigurableApplicationContext startService(String database) {
        return new SpringApplicationBuilder(NotificationApplication.class)
                .profiles("test")
                .run("--server.port=0",
                        "--spring.mongodb.uri=" + TestInfrastructure.shared().mongoUri(database),
                        "--spring.kafka.listener.auto-startup=false",
                        "--pulse.notifications.live.topics=" + String.join(",", CONTACTS, TASKS, DEALS));
    }
}

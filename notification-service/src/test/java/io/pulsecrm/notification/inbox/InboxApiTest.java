package io.pulsecrm.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pulsecrm.notification.SseClient;
import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.notification.UpstreamEvents;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class InboxApiTest extends ServiceApiTest {

    @Test
    void anAssignedTaskReachesTheAssigneesInboxAndOpenStreamOnceEvenWhenRedelivered() {
        String user = TestUsers.rep();
        String task = Ids.newId();
        try (SseClient stream = SseClient.open(port, user, null)) {
            assertThat(stream.contentType()).startsWith("text/event-stream");
            EventEnvelope assigned = UpstreamEvents.taskAssigned(task, user, "Call Ada");
            TestEvents.publish(UpstreamEvents.TASKS, assigned);
            TestEvents.publish(UpstreamEvents.TASKS, assigned); // at-least-once delivery

            SseClient.Event pushed = stream.await(e -> "notification".equals(e.name()));
            JsonNode pushedJson = pushed.json();
            assertThat(pushedJson.get("type").asString()).isEqualTo("task_assigned");
            assertThat(pushedJson.get("title").asString()).isEqualTo("Task assigned to you: Call Ada");
            assertThat(pushedJson.get("subjectId").asString()).isEqualTo(task);
            assertThat(pushed.id()).isEqualTo(pushedJson.get("id").asString());

            Response list = await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/notifications?userId=" + user), r -> r.json().get("items").size() == 1);
            JsonNode item = list.json().get("items").get(0);
            assertThat(item.get("id").asString()).isEqualTo(pushed.id());
            assertThat(item.get("read").asBoolean()).isFalse();
            assertThat(item.get("sourceEventId").asString()).isEqualTo(assigned.id());
            assertThat(item.get("data").get("dueAt").asString()).isEqualTo("2026-12-01T10:00:00Z");

            // the redelivery had no effect: still one, and nothing more pushed
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(stream.events()).filteredOn(e -> "notification".equals(e.name())).hasSize(1));
            assertThat(api.get("/api/notifications?userId=" + user).json().get("items").size()).isEqualTo(1);
        }
    }

    @Test
    void aTaskCreatedForSomeoneElseNotifiesThemButNotOneTheyOrTheSystemCreated() {
        String rep = TestUsers.rep();
        String byManager = Ids.newId();
        String own = Ids.newId();
        String followUp = Ids.newId();
        // one key for all, so they are handled in this order: once the last is in, the others were handled
        publishInOrder(rep,
                TestEvents.causedBy(TestIdentity.EAST_MANAGER, TestEvents.event("pulse.task.created.v1", byManager, Map.of(
                        "task", Map.of("id", byManager, "title", "Call the CFO", "assigneeId", rep,
                                "creatorId", TestIdentity.EAST_MANAGER)))),
                TestEvents.causedBy(rep, TestEvents.event("pulse.task.created.v1", own, Map.of(
                        "task", Map.of("id", own, "title", "Mine", "assigneeId", rep, "creatorId", rep)))),
                TestEvents.causedBy("system:tasks-next-tasks", TestEvents.event("pulse.task.created.v1", followUp, Map.of(
                        "task", Map.of("id", followUp, "title", "Follow up", "assigneeId", rep,
                                "creatorId", TestIdentity.EAST_MANAGER)))),
                UpstreamEvents.taskAssigned(Ids.newId(), rep, "Marker"));

        List<JsonNode> items = await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/notifications?userId=" + rep).json().get("items").valueStream().toList(),
                        list -> list.stream().anyMatch(item -> item.get("title").asString().endsWith("Marker")));
        assertThat(items).extracting(item -> item.get("subjectId").asString()).hasSize(2).contains(byManager)
                .doesNotContain(own, followUp);
        JsonNode created = items.stream().filter(item -> item.get("subjectId").asString().equals(byManager))
                .findFirst().orElseThrow();
        assertThat(created.get("type").asString()).isEqualTo("task_assigned");
        assertThat(created.get("title").asString()).isEqualTo("Task assigned to you: Call the CFO");
        assertThat(created.at("/data/assignedBy").asString()).isEqualTo(TestIdentity.EAST_MANAGER);
    }

    private static void publishInOrder(String key, EventEnvelope... events) {
        for (EventEnvelope event : events) {
            TestEvents.publish(UpstreamEvents.TASKS, key, io.pulsecrm.platform.events.EventJson.write(event));
        }
    }

    @Test
    void selfAssignmentNotifiesNobody() {
        String task = Ids.newId();
        String rep = TestUsers.rep();
        EventEnvelope self = TestEvents.causedBy(rep, UpstreamEvents.taskAssigned(task, rep, "Mine"));
        TestEvents.publish(UpstreamEvents.TASKS, self);
        String marker = TestUsers.rep();
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), marker, "after"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/notifications?userId=" + marker).json().get("items").size() == 1);
        assertThat(api.get("/api/notifications?userId=" + rep).json().get("items")).isEmpty();
    }

    @Test
    void remindersOverdueNoticesAndClosedDealsNotifyTheRightPeople() {
        String rep = TestUsers.rep("east");
        String manager = TestIdentity.EAST_MANAGER; // from the directory, not from the event's managerId
        String task = Ids.newId();
        TestEvents.publish(UpstreamEvents.TASKS, TestEvents.event("pulse.task.reminder_due.v1", task, Map.of(
                "taskId", task, "assigneeId", rep, "offset", "PT15M", "remindAt", "2026-12-01T09:45:00Z",
                "dueAt", "2026-12-01T10:00:00Z", "task", Map.of("id", task, "title", "Send quote"))));
        TestEvents.publish(UpstreamEvents.TASKS, TestEvents.event("pulse.task.overdue.v1", task, Map.of(
                "taskId", task, "assigneeId", rep, "managerId", TestIdentity.WEST_MANAGER, "dueAt", "2026-12-01T10:00:00Z",
                "task", Map.of("id", task, "title", "Send quote"))));
        String deal = Ids.newId();
        TestEvents.publish(UpstreamEvents.DEALS, TestEvents.event("pulse.deal.won.v1", deal, Map.of(
                "deal", Map.of("id", deal, "title", "ACME renewal", "ownerId", rep, "amount", 12500, "currency", "EUR",
                        "somethingNew", true),
                "secondsInPreviousStage", 10)));
        String lostDeal = Ids.newId();
        // tolerant: only the owner id is needed
        TestEvents.publish(UpstreamEvents.DEALS, TestEvents.event("pulse.deal.lost.v1", lostDeal, Map.of(
                "deal", Map.of("ownerId", rep), "reason", "price")));
        // not for anybody's inbox
        TestEvents.publish(UpstreamEvents.DEALS, TestEvents.event("pulse.deal.created.v1", Ids.newId(), Map.of(
                "deal", Map.of("ownerId", rep))));

        Response inbox = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/notifications?userId=" + rep), r -> r.json().get("items").size() == 4);
        List<String> types = inbox.json().get("items").valueStream().map(n -> n.get("type").asString()).toList();
        assertThat(types).containsExactlyInAnyOrder("task_reminder", "task_overdue", "deal_won", "deal_lost");
        JsonNode won = inbox.json().get("items").valueStream().filter(n -> n.get("type").asString().equals("deal_won"))
                .findFirst().orElseThrow();
        assertThat(won.get("title").asString()).isEqualTo("Deal won: ACME renewal (12500 EUR)");
        assertThat(won.get("subjectId").asString()).isEqualTo(deal);
        JsonNode lost = inbox.json().get("items").valueStream().filter(n -> n.get("type").asString().equals("deal_lost"))
                .findFirst().orElseThrow();
        assertThat(lost.get("subjectId").asString()).isEqualTo(lostDeal);
        assertThat(lost.get("body").asString()).isEqualTo("Reason: price");

        // the manager of the rep's team gets the report, and (allowed to see the rep's deals) the team's results
        List<JsonNode> managers = await().atMost(Duration.ofSeconds(30)).until(
                () -> about(manager, task, deal, lostDeal), found -> found.size() == 3);
        JsonNode report = managers.stream().filter(n -> n.get("subjectId").asString().equals(task)).findFirst().orElseThrow();
        assertThat(report.get("type").asString()).isEqualTo("task_overdue_report");
        assertThat(report.get("title").asString()).isEqualTo("Overdue task of " + rep + ": Send quote");
        assertThat(managers).extracting(n -> n.get("type").asString())
                .containsExactlyInAnyOrder("task_overdue_report", "team_deal_won", "team_deal_lost");
        JsonNode teamWon = managers.stream().filter(n -> n.get("type").asString().equals("team_deal_won"))
                .findFirst().orElseThrow();
        assertThat(teamWon.get("title").asString()).isEqualTo("Deal won by " + rep + ": ACME renewal (12500 EUR)");
        assertThat(teamWon.get("data").get("ownerId").asString()).isEqualTo(rep);
        // stored in the same pass as the manager's: teammates who may not see the rep's deals and the other team
        // (including the stale managerId the event carried) get nothing
        for (String nobody : List.of(TestIdentity.OTHER_EAST_REP, TestIdentity.WEST_MANAGER, TestIdentity.WEST_REP)) {
            assertThat(about(nobody, task, deal, lostDeal)).as(nobody).isEmpty();
        }
    }

    /** The user's notifications (as the admin sees them) about these subjects. */
    private List<JsonNode> about(String user, String... subjects) {
        return api.get("/api/notifications?userId=" + user + "&limit=200").json().get("items").valueStream()
                .filter(n -> List.of(subjects).contains(n.get("subjectId").asString())).toList();
    }

    @Test
    void readArchiveUnreadCountAndCursorPaging() {
        String user = TestUsers.rep();
        for (int i = 0; i < 5; i++) {
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), user, "Task " + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> unread(user) == 5);

        Response first = api.get("/api/notifications?userId=" + user + "&limit=2");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("items").size()).isEqualTo(2);
        String cursor = first.json().get("nextCursor").asString();
        Response second = api.get("/api/notifications?userId=" + user + "&limit=2&cursor=" + cursor);
        Response third = api.get("/api/notifications?userId=" + user + "&limit=2&cursor="
                + second.json().get("nextCursor").asString());
        assertThat(third.json().get("items").size()).isEqualTo(1);
        assertThat(third.json().get("nextCursor").isNull()).isTrue();
        List<String> ids = new java.util.ArrayList<>();
        for (Response page : List.of(first, second, third)) {
            page.json().get("items").valueStream().forEach(n -> ids.add(n.get("id").asString()));
        }
        assertThat(ids).hasSize(5).doesNotHaveDuplicates();

        String one = ids.get(0);
        Response read = api.post("/api/notifications/" + one + "/read", null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("read").asBoolean()).isTrue();
        assertThat(api.post("/api/notifications/" + one + "/read", null).status()).isEqualTo(200); // idempotent
        assertThat(unread(user)).isEqualTo(4);
        assertThat(api.get("/api/notifications?userId=" + user + "&state=unread").json().get("items").size()).isEqualTo(4);
        assertThat(api.get("/api/notifications?userId=" + user + "&state=read").json().get("items").size()).isEqualTo(1);

        Response archived = api.post("/api/notifications/" + ids.get(1) + "/archive", null);
        assertThat(archived.json().get("archived").asBoolean()).isTrue();
        assertThat(unread(user)).isEqualTo(3);
        assertThat(api.get("/api/notifications?userId=" + user).json().get("items").size()).isEqualTo(4);
        assertThat(api.get("/api/notifications?userId=" + user + "&archived=true").json().get("items").size()).isEqualTo(1);

        Response all = api.post("/api/notifications/read-all?userId=" + user, null);
        assertThat(all.json().get("updated").asLong()).isEqualTo(3);
        assertThat(unread(user)).isZero();
        assertThat(api.post("/api/notifications/" + one + "/unread", null).json().get("read").asBoolean()).isFalse();
        assertThat(unread(user)).isEqualTo(1);
    }

    @Test
    void aReconnectingStreamGetsWhatItMissedAfterLastEventId() {
        String user = TestUsers.rep();
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), user, "first"));
        String firstId = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/notifications?userId=" + user), r -> r.json().get("items").size() == 1)
                .json().get("items").get(0).get("id").asString();
        // while disconnected
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), user, "second"));
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), user, "third"));
        await().atMost(Duration.ofSeconds(30)).until(() -> unread(user) == 3);

        try (SseClient stream = SseClient.open(port, user, firstId)) {
            stream.await(e -> e.data().contains("third"));
            stream.await(e -> e.data().contains("second"));
            assertThat(stream.events()).filteredOn(e -> "notification".equals(e.name()))
                    .extracting(e -> e.json().get("title").asString())
                    .containsExactly("Task assigned to you: second", "Task assigned to you: third");
        }
    }

    @Test
    void badRequestsAreProblems() {
        String u = TestIdentity.EAST_REP;
        assertProblem(api.get("/api/notifications?userId=" + u + "&limit=0"), 400);
        assertProblem(api.get("/api/notifications?userId=" + u + "&limit=500"), 400);
        assertProblem(api.get("/api/notifications?userId=" + u + "&limit=abc"), 400);
        assertProblem(api.get("/api/notifications?userId=" + u + "&cursor=!!!"), 400);
        assertProblem(api.get("/api/notifications?userId=" + u + "&cursor=bm90LWEtY3Vyc29y"), 400);
        assertProblem(api.get("/api/notifications?userId=" + u + "&state=weird"), 400);
        assertProblem(api.get("/api/notifications?userId=" + "x".repeat(201)), 400);
        // an admin naming a user the directory does not know
        assertProblem(api.get("/api/notifications/unread-count?userId=nobody-" + Ids.newId()), 400);
        assertProblem(api.post("/api/notifications/read-all?userId=nobody-" + Ids.newId(), null), 400);
        assertProblem(api.send("GET", "/api/notifications/stream?userId=nobody", null, Map.of("Accept", "text/event-stream")), 400);
        assertProblem(api.get("/api/notifications/" + Ids.newId()), 404);
        assertProblem(api.post("/api/notifications/" + Ids.newId() + "/read", null), 404);
    }

    private void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
    }

    private long unread(String user) {
        return api.get("/api/notifications/unread-count?userId=" + user).json().get("unread").asLong();
    }
}

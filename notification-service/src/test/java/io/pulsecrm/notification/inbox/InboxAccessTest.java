package io.pulsecrm.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.pulsecrm.notification.SseClient;
import io.pulsecrm.notification.TestUsers;
import io.pulsecrm.notification.UpstreamEvents;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** An inbox is its recipient's: who reaches which notifications, by token. */
class InboxAccessTest extends ServiceApiTest {

    @Test
    void aMemberReachesTheirOwnInboxAndNobodyElses() {
        String ada = TestUsers.rep();
        String bob = TestUsers.rep();
        String task = Ids.newId();
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(task, ada, "Only for Ada"));
        ApiClient asAda = apiAs(ada);
        JsonNode mine = await().atMost(Duration.ofSeconds(30))
                .until(() -> asAda.get("/api/notifications").json().get("items"), items -> items.size() == 1).get(0);
        String id = mine.get("id").asString();
        assertThat(mine.get("userId").asString()).isEqualTo(ada);
        assertThat(asAda.get("/api/notifications/unread-count").json().get("unread").asLong()).isEqualTo(1);
        assertThat(asAda.get("/api/notifications/unread-count").json().get("userId").asString()).isEqualTo(ada);
        assertThat(asAda.get("/api/notifications/" + id).status()).isEqualTo(200);
        // naming yourself is the same as naming nobody
        assertThat(asAda.get("/api/notifications?userId=" + ada).json().get("items").size()).isEqualTo(1);

        // another rep of the same team: not in their list or count; by id it does not exist; naming Ada is refused
        ApiClient asBob = apiAs(bob);
        assertThat(asBob.get("/api/notifications").json().get("items")).isEmpty();
        assertThat(asBob.get("/api/notifications/unread-count").json().get("unread").asLong()).isZero();
        for (Response notFound : List.of(asBob.get("/api/notifications/" + id),
                asBob.post("/api/notifications/" + id + "/read", null),
                asBob.post("/api/notifications/" + id + "/unread", null),
                asBob.post("/api/notifications/" + id + "/archive", null))) {
            assertProblem(notFound, 404);
        }
        for (Response forbidden : List.of(asBob.get("/api/notifications?userId=" + ada),
                asBob.get("/api/notifications/unread-count?userId=" + ada),
                asBob.post("/api/notifications/read-all?userId=" + ada, null),
                asBob.get("/api/notifications/preferences?userId=" + ada),
                asBob.send("GET", "/api/notifications/stream?userId=" + ada, null, Map.of("Accept", "text/event-stream")))) {
            assertProblem(forbidden, 403);
        }
        assertThat(asBob.post("/api/notifications/read-all", null).json().get("updated").asLong()).isZero();

        // an inbox is personal: Ada's manager does not reach it either
        ApiClient asManager = apiAs(TestIdentity.EAST_MANAGER);
        assertProblem(asManager.get("/api/notifications/" + id), 404);
        assertProblem(asManager.post("/api/notifications/" + id + "/read", null), 404);
        assertProblem(asManager.get("/api/notifications?userId=" + ada), 403);
        assertThat(asManager.get("/api/notifications?limit=200").json().get("items").valueStream()
                .map(n -> n.get("id").asString())).doesNotContain(id);

        // nothing changed by those attempts
        assertThat(asAda.get("/api/notifications/" + id).json().get("read").asBoolean()).isFalse();
        assertThat(asAda.get("/api/notifications/" + id).json().get("archived").asBoolean()).isFalse();

        // an admin acts for anyone
        assertThat(api.get("/api/notifications?userId=" + ada).json().get("items").size()).isEqualTo(1);
        assertThat(api.get("/api/notifications/" + id).status()).isEqualTo(200);
        assertThat(api.post("/api/notifications/" + id + "/read", null).json().get("read").asBoolean()).isTrue();
        assertThat(asAda.get("/api/notifications/unread-count").json().get("unread").asLong()).isZero();

        // and Ada herself changes her own
        assertThat(asAda.post("/api/notifications/" + id + "/unread", null).json().get("read").asBoolean()).isFalse();
        assertThat(asAda.post("/api/notifications/read-all", null).json().get("updated").asLong()).isEqualTo(1);
        assertThat(asAda.post("/api/notifications/" + id + "/archive", null).json().get("archived").asBoolean()).isTrue();
        assertThat(asAda.get("/api/notifications?archived=true").json().get("items").size()).isEqualTo(1);
    }

    @Test
    void partnerApplicationsReadWithTheReadScopeAndChangeWithTheWriteScope() {
        String rep = TestUsers.rep();
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), rep, "For the partner"));
        ApiClient reader = apiAsClient("partner-inbox", "notifications:read");
        JsonNode item = await().atMost(Duration.ofSeconds(30)).until(
                () -> reader.get("/api/notifications?userId=" + rep).json().get("items"), items -> items.size() == 1).get(0);
        String id = item.get("id").asString();
        assertThat(reader.get("/api/notifications/" + id).status()).isEqualTo(200);
        assertThat(reader.get("/api/notifications/unread-count?userId=" + rep).json().get("unread").asLong()).isEqualTo(1);
        // an application has no inbox of its own: it names the user
        assertProblem(reader.get("/api/notifications"), 400);
        // reading does not let it change anything
        assertProblem(reader.post("/api/notifications/" + id + "/read", null), 403);
        assertProblem(reader.post("/api/notifications/read-all?userId=" + rep, null), 403);

        ApiClient writer = apiAsClient("partner-inbox", "notifications:write");
        assertThat(writer.post("/api/notifications/" + id + "/read", null).json().get("read").asBoolean()).isTrue();
        assertThat(writer.get("/api/notifications/unread-count?userId=" + rep).json().get("unread").asLong()).isZero();

        // other areas' scopes reach nothing here
        assertProblem(apiAsClient("partner-inbox", "webhooks:write", "events:read")
                .get("/api/notifications?userId=" + rep), 403);
    }

    @Test
    void theStreamTakesTheTokenAsAQueryParameterAndNothingElseDoes() {
        String rep = TestUsers.rep();
        String task = Ids.newId();
        try (SseClient stream = SseClient.openWithQueryToken(port, rep)) {
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(task, rep, "Pushed by query token"));
            SseClient.Event pushed = stream.await(e -> "notification".equals(e.name()));
            assertThat(pushed.json().get("subjectId").asString()).isEqualTo(task);
            assertThat(pushed.json().get("userId").asString()).isEqualTo(rep);
        }
        String token = TestIdentity.shared().tokenFor(rep);
        Map<String, String> accept = Map.of("Accept", "text/event-stream");
        // no token, a bad one, or two at once
        assertThat(SseClient.statusOf(port, "", accept)).isEqualTo(401);
        assertThat(SseClient.statusOf(port, "?access_token=" + TestIdentity.shared().forgedTokenFor(rep), accept))
                .isEqualTo(401);
        assertThat(SseClient.statusOf(port, "?access_token=" + token,
                Map.of("Accept", "text/event-stream", "Authorization", "Bearer " + token))).isEqualTo(401);
        // the query parameter is for the stream only
        Response list = apiAs(rep).anonymous().get("/api/notifications?access_token=" + token);
        assertThat(list.status()).as(list.toString()).isEqualTo(401);
        assertThat(apiAs(rep).anonymous().get("/api/notifications/unread-count?access_token=" + token).status())
                .isEqualTo(401);
    }

    @Test
    void anAdminOpensAnotherUsersStreamAndAMemberCannot() {
        String rep = TestUsers.rep();
        String admin = TestIdentity.shared().tokenFor(TestIdentity.ADMIN);
        String other = TestIdentity.shared().tokenFor(TestIdentity.OTHER_EAST_REP);
        assertThat(SseClient.statusOf(port, "?userId=" + rep,
                Map.of("Accept", "text/event-stream", "Authorization", "Bearer " + other))).isEqualTo(403);
        assertThat(SseClient.statusOf(port, "?userId=" + rep,
                Map.of("Accept", "text/event-stream", "Authorization", "Bearer " + admin))).isEqualTo(200);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
    }
}

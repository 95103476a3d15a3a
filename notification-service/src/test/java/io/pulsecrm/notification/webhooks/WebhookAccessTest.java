package io.pulsecrm.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.notification.UpstreamEvents;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Partner-scope management of webhook subscriptions: admins all, applications their own, members none. */
class WebhookAccessTest extends ServiceApiTest {

    private static final String DEAD_END = "http://127.0.0.1:9/hooks";

    @Test
    void anApplicationManagesItsOwnSubscriptionsAndNeverSeesAnothers() {
        String partner = "partner-" + Ids.newId();
        String rival = "rival-" + Ids.newId();
        ApiClient writer = apiAsClient(partner, "webhooks:write", "events:read");
        ApiClient reader = apiAsClient(partner, "webhooks:read");
        ApiClient rivalWriter = apiAsClient(rival, "webhooks:write", "events:read");

        Response created = writer.post("/api/webhooks", body(DEAD_END, "pulse.deal.*"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("createdBy").asString()).isEqualTo("client:" + partner);
        assertThat(created.json().get("ownerId").isNull()).isTrue(); // applications are nobody's inbox
        String rivals = rivalWriter.post("/api/webhooks", body(DEAD_END, "*")).json().get("id").asString();

        // its own: listed and readable with the read scope, with the delivery log
        assertThat(ids(reader.get("/api/webhooks?limit=200"))).contains(id).doesNotContain(rivals);
        assertThat(reader.get("/api/webhooks/" + id).status()).isEqualTo(200);
        assertThat(reader.get("/api/webhooks/" + id + "/deliveries").status()).isEqualTo(200);
        // but not changed with it
        assertProblem(reader.post("/api/webhooks", body(DEAD_END, "*")), 403);
        assertProblem(reader.patch("/api/webhooks/" + id, "{\"description\":\"x\"}", Map.of("If-Match", "\"0\"")), 403);
        assertProblem(reader.delete("/api/webhooks/" + id, Map.of("If-Match", "\"0\"")), 403);
        assertProblem(reader.post("/api/webhooks/" + id + "/rotate-secret", "", Map.of("If-Match", "\"0\"")), 403);
        assertProblem(reader.post("/api/webhooks/" + id + "/replay", "{\"since\":\"2020-01-01T00:00:00Z\"}"), 403);

        // another application's: as if it did not exist, for reading and for every change
        ApiClient rivalReader = apiAsClient(rival, "webhooks:read");
        assertThat(ids(rivalReader.get("/api/webhooks?limit=200"))).contains(rivals).doesNotContain(id);
        assertProblem(rivalReader.get("/api/webhooks/" + id), 404);
        assertProblem(rivalReader.get("/api/webhooks/" + id + "/deliveries"), 404);
        assertProblem(rivalWriter.patch("/api/webhooks/" + id, "{\"description\":\"mine now\"}", Map.of("If-Match", "\"0\"")), 404);
        assertProblem(rivalWriter.post("/api/webhooks/" + id + "/rotate-secret", "", Map.of("If-Match", "\"0\"")), 404);
        assertProblem(rivalWriter.post("/api/webhooks/" + id + "/replay", "{\"since\":\"2020-01-01T00:00:00Z\"}"), 404);
        assertProblem(rivalWriter.post("/api/webhooks/" + id + "/replay", "{}"), 404); // 404 before any 400
        assertProblem(rivalWriter.post("/api/webhooks/" + id + "/deliveries/" + Ids.newId() + "/redeliver", ""), 404);
        assertProblem(rivalWriter.delete("/api/webhooks/" + id, Map.of("If-Match", "\"0\"")), 404);

        // the owner changes its own; the changes are its
        Response patched = writer.patch("/api/webhooks/" + id, "{\"description\":\"ERP sync\"}", Map.of("If-Match", "\"0\""));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("description").asString()).isEqualTo("ERP sync");
        assertThat(patched.json().get("updatedBy").asString()).isEqualTo("client:" + partner);
        Response rotated = writer.post("/api/webhooks/" + id + "/rotate-secret", "", Map.of("If-Match", "\"1\""));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(rotated.json().get("secret").asString()).startsWith("whsec_");
        assertThat(writer.post("/api/webhooks/" + id + "/replay", "{\"since\":\"2020-01-01T00:00:00Z\"}").status())
                .isEqualTo(202);

        // admins see and manage everybody's
        assertThat(ids(api.get("/api/webhooks?limit=200"))).contains(id, rivals);
        assertThat(api.get("/api/webhooks/" + id).json().get("description").asString()).isEqualTo("ERP sync");
        assertThat(api.delete("/api/webhooks/" + rivals, Map.of("If-Match", "\"0\"")).status()).isEqualTo(204);
        assertThat(writer.delete("/api/webhooks/" + id, Map.of("If-Match", "\"2\"")).status()).isEqualTo(204);
        assertProblem(reader.get("/api/webhooks/" + id), 404);
    }

    @Test
    void anApplicationsPagesHoldOnlyItsOwnAndStayFull() {
        String partner = "partner-" + Ids.newId();
        ApiClient writer = apiAsClient(partner, "webhooks:write", "events:read");
        List<String> own = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            own.add(writer.post("/api/webhooks", body(DEAD_END, "pulse.task.*")).json().get("id").asString());
            api.post("/api/webhooks", body(DEAD_END, "pulse.task.*")); // an admin's in between
        }
        Response first = writer.get("/api/webhooks?limit=2");
        assertThat(ids(first)).hasSize(2);
        Response second = writer.get("/api/webhooks?limit=2&cursor=" + first.json().get("nextCursor").asString());
        assertThat(ids(second)).hasSize(1);
        assertThat(second.json().get("nextCursor").isNull()).isTrue();
        List<String> seen = new ArrayList<>(ids(first));
        seen.addAll(ids(second));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(own);
    }

    @Test
    void theDeliveryLogAndRedeliveryFollowTheSubscriptionsOwner() {
        String partner = "partner-" + Ids.newId();
        ApiClient writer = apiAsClient(partner, "webhooks:write", "events:read");
        String subject = Ids.newId();
        String id = writer.post("/api/webhooks", EventJson.toTree(Map.of("targetUrl", DEAD_END,
                "eventTypes", List.of("pulse.task.*"), "subject", subject)).toString()).json().get("id").asString();
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, TestIdentity.EAST_REP, "Logged"));
        String delivery = await().atMost(Duration.ofSeconds(30)).until(
                () -> writer.get("/api/webhooks/" + id + "/deliveries").json().get("items"), items -> items.size() == 1)
                .get(0).get("id").asString();
        assertThat(apiAsClient(partner, "webhooks:read").get("/api/webhooks/" + id + "/deliveries")
                .json().get("items").size()).isEqualTo(1);
        assertThat(writer.post("/api/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", "").status())
                .isEqualTo(202);
        ApiClient rival = apiAsClient("rival-" + Ids.newId(), "webhooks:write", "events:read");
        assertProblem(rival.get("/api/webhooks/" + id + "/deliveries"), 404);
        assertProblem(rival.post("/api/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", ""), 404);
        assertThat(api.get("/api/webhooks/" + id + "/deliveries").json().get("items").size()).isEqualTo(1);
        assertThat(api.post("/api/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", "").status()).isEqualTo(202);
        // ends its retries against the dead end
        assertThat(writer.delete("/api/webhooks/" + id, Map.of("If-Match", "\"0\"")).status()).isEqualTo(204);
    }

    @Test
    void repsAndManagersManageNoWebhooks() {
        String id = api.post("/api/webhooks", body(DEAD_END, "*")).json().get("id").asString();
        for (String member : List.of(TestIdentity.EAST_REP, TestIdentity.EAST_MANAGER)) {
            ApiClient client = apiAs(member);
            assertProblem(client.get("/api/webhooks"), 403);
            assertProblem(client.get("/api/webhooks/" + id), 403);
            assertProblem(client.get("/api/webhooks/" + id + "/deliveries"), 403);
            assertProblem(client.post("/api/webhooks", body(DEAD_END, "*")), 403);
            assertProblem(client.patch("/api/webhooks/" + id, "{\"active\":false}", Map.of("If-Match", "\"0\"")), 403);
            assertProblem(client.delete("/api/webhooks/" + id, Map.of("If-Match", "\"0\"")), 403);
        }
        // an application without the webhooks scopes, or with events:read alone, reaches nothing either
        assertProblem(apiAsClient("partner-events", "events:read").get("/api/webhooks"), 403);
        assertProblem(apiAsClient("partner-events", "notifications:write").post("/api/webhooks", body(DEAD_END, "*")), 403);
    }

    @Test
    void receivingEventsNeedsTheEventsReadScope() {
        ApiClient withoutEvents = apiAsClient("partner-" + Ids.newId(), "webhooks:write");
        Response refused = withoutEvents.post("/api/webhooks", body(DEAD_END, "*"));
        assertProblem(refused, 403);
        assertThat(refused.json().get("detail").asString()).contains("events:read");
    }

    @Test
    void theOwnerToldOfAPauseIsAUserOfTheDirectory() {
        // an admin's subscription is theirs to hear about unless they name someone else
        JsonNode defaulted = api.post("/api/webhooks", body(DEAD_END, "*")).json();
        assertThat(defaulted.get("ownerId").asString()).isEqualTo(TestIdentity.ADMIN);
        assertThat(defaulted.get("createdBy").asString()).isEqualTo(TestIdentity.ADMIN);

        Response unknown = api.post("/api/webhooks", EventJson.toTree(Map.of("targetUrl", DEAD_END,
                "eventTypes", List.of("*"), "subject", Ids.newId(), "ownerId", "nobody-" + Ids.newId())).toString());
        assertProblem(unknown, 400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("ownerId");

        String id = defaulted.get("id").asString();
        Response reassigned = api.patch("/api/webhooks/" + id, "{\"ownerId\":\"" + TestIdentity.WEST_MANAGER + "\"}",
                Map.of("If-Match", "\"0\""));
        assertThat(reassigned.status()).as(reassigned.toString()).isEqualTo(200);
        assertThat(reassigned.json().get("ownerId").asString()).isEqualTo(TestIdentity.WEST_MANAGER);
        assertThat(reassigned.json().get("updatedBy").asString()).isEqualTo(TestIdentity.ADMIN);
        assertProblem(api.patch("/api/webhooks/" + id, "{\"ownerId\":\"nobody\"}", Map.of("If-Match", "\"1\"")), 400);
        assertThat(api.patch("/api/webhooks/" + id, "{\"ownerId\":\"\"}", Map.of("If-Match", "\"1\"")).json()
                .get("ownerId").isNull()).isTrue();

        // an application may name a user to be told (it has no inbox itself); unknown users are refused
        ApiClient partner = apiAsClient("partner-" + Ids.newId(), "webhooks:write", "events:read");
        Response named = partner.post("/api/webhooks", EventJson.toTree(Map.of("targetUrl", DEAD_END,
                "eventTypes", List.of("*"), "subject", Ids.newId(), "ownerId", TestIdentity.EAST_MANAGER)).toString());
        assertThat(named.status()).as(named.toString()).isEqualTo(201);
        assertThat(named.json().get("ownerId").asString()).isEqualTo(TestIdentity.EAST_MANAGER);
    }

    /** A subscription that never matches another test's events (a subject of its own). */
    private static String body(String url, String type) {
        return EventJson.toTree(Map.of("targetUrl", url, "eventTypes", List.of(type), "subject", Ids.newId())).toString();
    }

    private static List<String> ids(Response page) {
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.json().get("items").valueStream().map(s -> s.get("id").asString()).toList();
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
    }
}

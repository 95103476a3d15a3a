package io.pulsecrm.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.notification.UpstreamEvents;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookDeliveryTest extends ServiceApiTest {

    @Test
    void eachMatchingEventIsDeliveredOnceAndCorrectlySigned() {
        try (Receiver receiver = Receiver.start()) {
            String subject = Ids.newId();
            JsonNode subscription = subscribe(receiver.url(), List.of("pulse.task.*"), subject);
            String secret = subscription.get("secret").asString();
            assertThat(secret).startsWith("whsec_");

            EventEnvelope assigned = UpstreamEvents.taskAssigned(subject, "rep-1", "Call Ada");
            EventEnvelope completed = TestEvents.event("pulse.task.completed.v1", subject, Map.of("task", Map.of("id", subject)));
            String assignedJson = TestEvents.publish(UpstreamEvents.TASKS, assigned);
            TestEvents.publish(UpstreamEvents.TASKS, assigned); // redelivered
            String completedJson = TestEvents.publish(UpstreamEvents.TASKS, completed);
            // not matching: another type family, another subject
            TestEvents.publish(UpstreamEvents.CONTACTS, TestEvents.event("pulse.contact.updated.v1", subject, Map.of("contact", Map.of())));
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(Ids.newId(), "rep-1", "Other"));

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() >= 2);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(receiver.received).hasSize(2));
            assertThat(receiver.received).extracting(Receiver.Received::body)
                    .containsExactlyInAnyOrder(assignedJson, completedJson);
            for (Receiver.Received request : receiver.received) {
                assertThat(request.signature()).isEqualTo(expectedSignature(secret, request));
                assertThat(Math.abs(Long.parseLong(request.timestamp()) - Instant.now().getEpochSecond())).isLessThan(60);
                assertThat(request.contentType()).isEqualTo("application/cloudevents+json; charset=utf-8");
                assertThat(EventJson.read(request.body()).subject()).isEqualTo(subject);
            }
            assertThat(receiver.received).extracting(Receiver.Received::id).doesNotHaveDuplicates();

            String id = subscription.get("id").asString();
            Response log = await().atMost(Duration.ofSeconds(30)).until(
                    () -> api.get("/api/webhooks/" + id + "/deliveries?status=delivered"),
                    r -> r.json().get("items").size() == 2);
            JsonNode delivery = log.json().get("items").get(0);
            assertThat(delivery.get("attemptCount").asInt()).isEqualTo(1);
            assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(204);
            assertThat(delivery.get("attempts").get(0).has("latencyMs")).isTrue();
        }
    }

    @Test
    void deliveriesWaitWhileTheReceiverIsDownAndAllArriveAfterItRecovers() {
        Receiver probe = Receiver.start();
        int port = probe.port();
        String url = probe.url();
        probe.close(); // the partner is down
        String subject = Ids.newId();
        String id = subscribe(url, List.of("pulse.deal.won.v1", "pulse.task.assigned.v1"), subject).get("id").asString();
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-2", "One"));
        TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-3", "Two"));
        TestEvents.publish(UpstreamEvents.DEALS, TestEvents.event("pulse.deal.won.v1", subject, Map.of("deal", Map.of("ownerId", "rep-2"))));

        // attempts fail and are retried with backoff, visible in the log
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = api.get("/api/webhooks/" + id + "/deliveries").json().get("items");
            return items.size() == 3 && items.valueStream().allMatch(d -> d.get("attemptCount").asInt() >= 2
                    && d.get("status").asString().equals("pending") && d.get("lastError").asString().contains("Connect"));
        });

        try (Receiver receiver = Receiver.start(port)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() >= 3);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(receiver.received).hasSize(3));
            assertThat(receiver.received).extracting(Receiver.Received::id).doesNotHaveDuplicates();
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/webhooks/" + id + "/deliveries?status=delivered")
                    .json().get("items").size() == 3);
        }
    }

    @Test
    void retryAfterIsHonouredOn429() {
        try (Receiver receiver = Receiver.start()) {
            receiver.answer(r -> receiver.received.size() == 1
                    ? new Receiver.Answer(429, Map.of("Retry-After", "2")) : Receiver.Answer.ok());
            String subject = Ids.newId();
            String id = subscribe(receiver.url(), List.of("*"), subject).get("id").asString();
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-4", "Busy"));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() == 2);
            JsonNode delivery = await().atMost(Duration.ofSeconds(30)).until(
                    () -> api.get("/api/webhooks/" + id + "/deliveries").json().get("items").get(0),
                    d -> d.get("status").asString().equals("delivered"));
            JsonNode first = delivery.get("attempts").get(0);
            JsonNode second = delivery.get("attempts").get(1);
            assertThat(first.get("statusCode").asInt()).isEqualTo(429);
            // asked for 2 s: the configured backoff (at most 1 s here) is not used
            assertThat(Duration.between(Instant.parse(first.get("at").asString()), Instant.parse(second.get("at").asString())))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(2000));
            assertThat(receiver.received.get(0).id()).isEqualTo(receiver.received.get(1).id());
        }
    }

    @Test
    void goneDisablesTheSubscription() {
        try (Receiver receiver = Receiver.start()) {
            receiver.answer(r -> new Receiver.Answer(410, Map.of()));
            String subject = Ids.newId();
            String id = subscribe(receiver.url(), List.of("pulse.task.assigned.v1"), subject).get("id").asString();
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-5", "Gone"));
            JsonNode disabled = await().atMost(Duration.ofSeconds(30)).until(
                    () -> api.get("/api/webhooks/" + id).json(), s -> !s.get("active").asBoolean());
            assertThat(disabled.get("disabledReason").asString()).contains("410");
            JsonNode delivery = api.get("/api/webhooks/" + id + "/deliveries").json().get("items").get(0);
            assertThat(delivery.get("status").asString()).isEqualTo("failed");

            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-6", "Again"));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(receiver.received).hasSize(1));

            // re-enabling takes If-Match
            Response enabled = api.patch("/api/webhooks/" + id, "{\"active\":true}",
                    Map.of("If-Match", api.get("/api/webhooks/" + id).header("ETag")));
            assertThat(enabled.status()).isEqualTo(200);
            assertThat(enabled.json().get("active").asBoolean()).isTrue();
            assertThat(enabled.json().get("disabledReason").isNull()).isTrue();
        }
    }

    @Test
    void subscriptionsAreManagedWithOptimisticLocking() {
        JsonNode created = subscribe("http://127.0.0.1:9/hooks", List.of("pulse.contact.*"), null);
        String id = created.get("id").asString();
        Response got = api.get("/api/webhooks/" + id);
        assertThat(got.json().get("secret").isNull()).isTrue();
        assertThat(got.header("ETag")).isEqualTo("\"0\"");
        assertThat(api.patch("/api/webhooks/" + id, "{\"description\":\"x\"}", Map.of()).status()).isEqualTo(428);
        assertThat(api.patch("/api/webhooks/" + id, "{\"description\":\"x\"}", Map.of("If-Match", "\"0\"")).status()).isEqualTo(200);
        Response stale = api.patch("/api/webhooks/" + id, "{\"description\":\"y\"}", Map.of("If-Match", "\"0\""));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(api.patch("/api/webhooks/" + id, "{\"eventTypes\":[\"bad pattern\"]}", Map.of("If-Match", "\"1\"")).status()).isEqualTo(400);
        assertThat(api.patch("/api/webhooks/" + id, "{\"nope\":1}", Map.of("If-Match", "\"1\"")).status()).isEqualTo(400);
        assertThat(api.delete("/api/webhooks/" + id, Map.of("If-Match", "\"1\"")).status()).isEqualTo(204);
        assertThat(api.get("/api/webhooks/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
    }

    private JsonNode subscribe(String url, List<String> types, String subject) {
        String body = EventJson.toTree(subject == null
                ? Map.of("targetUrl", url, "eventTypes", types)
                : Map.of("targetUrl", url, "eventTypes", types, "subject", subject)).toString();
        Response created = api.post("/api/webhooks", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private static String expectedSignature(String secret, Receiver.Received request) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    java.util.Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] signature = mac.doFinal((request.id() + "." + request.timestamp() + "." + request.body())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "v1," + java.util.Base64.getEncoder().encodeToString(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

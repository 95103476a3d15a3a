package io.pulsecrm.notification.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.pulsecrm.notification.UpstreamEvents;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.Ids;
import io.pulsecrm.platform.test.ApiClient.Response;
import io.pulsecrm.platform.test.ServiceApiTest;
import io.pulsecrm.platform.test.TestEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Secret rotation, manual redelivery and replay, and per-endpoint isolation, against real receivers. */
class WebhookOperationsTest extends ServiceApiTest {

    @Autowired
    WebhookDispatcher dispatcher;

    @Test
    void afterASecretRotationDeliveriesVerifyWithEitherSecret() {
        try (Receiver receiver = Receiver.start()) {
            String subject = Ids.newId();
            JsonNode subscription = subscribe(receiver.url(), subject);
            String id = subscription.get("id").asString();
            String oldSecret = subscription.get("secret").asString();

            assertThat(api.post("/api/webhooks/" + id + "/rotate-secret", "").status()).isEqualTo(428);
            Response rotated = api.post("/api/webhooks/" + id + "/rotate-secret", "", Map.of("If-Match", "\"0\""));
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            assertThat(rotated.header("ETag")).isEqualTo("\"1\"");
            String newSecret = rotated.json().get("secret").asString();
            assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
            assertThat(Instant.parse(rotated.json().get("previousSecretUntil").asString()))
                    .isAfter(Instant.now().plus(Duration.ofHours(23)));
            assertThat(api.get("/api/webhooks/" + id).json().get("secret").isNull()).isTrue();
            assertThat(api.post("/api/webhooks/" + id + "/rotate-secret", "", Map.of("If-Match", "\"0\"")).status())
                    .isEqualTo(409);

            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-rot", "Rotated"));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() == 1);
            Receiver.Received request = receiver.received.get(0);
            List<String> signatures = Arrays.asList(request.signature().split(" "));
            assertThat(signatures).hasSize(2);
            // a receiver still on the old secret and one already on the new secret both accept it
            assertThat(signatures).contains(WebhookSigner.sign(oldSecret, request.id(),
                    Long.parseLong(request.timestamp()), request.body()));
            assertThat(signatures.get(0)).isEqualTo(WebhookSigner.sign(newSecret, request.id(),
                    Long.parseLong(request.timestamp()), request.body()));
        }
    }

    @Test
    void aDeliveryCanBeRedeliveredAndASubscriptionReplayedWithTheSameWebhookIds() {
        try (Receiver receiver = Receiver.start()) {
            String subject = Ids.newId();
            String id = subscribe(receiver.url(), subject).get("id").asString();
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-r1", "First"));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() == 1);
            String firstId = receiver.received.get(0).id();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/webhooks/" + id
                    + "/deliveries?status=delivered").json().get("items").size() == 1);

            // redeliver: a new attempt of the same delivery, same webhook-id
            Response redelivered = api.post("/api/webhooks/" + id + "/deliveries/" + firstId + "/redeliver", "");
            assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(202);
            assertThat(redelivered.json().get("status").asString()).isEqualTo("pending");
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received.size() == 2);
            assertThat(receiver.received.get(1).id()).isEqualTo(firstId);
            assertThat(receiver.received.get(1).body()).isEqualTo(receiver.received.get(0).body());
            JsonNode log = await().atMost(Duration.ofSeconds(10)).until(
                    () -> api.get("/api/webhooks/" + id + "/deliveries").json().get("items").get(0),
                    d -> d.get("status").asString().equals("delivered") && d.get("attemptCount").asInt() == 2);
            assertThat(log.get("attempts")).hasSize(2);
            assertThat(api.post("/api/webhooks/" + id + "/deliveries/" + Ids.newId() + "/redeliver", "").status())
                    .isEqualTo(404);

            // replay since an instant: only the deliveries stored from then on, again with their webhook-ids
            Instant since = Instant.now();
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-r2", "Second"));
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-r3", "Third"));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() == 4);
            List<String> later = receiver.received.subList(2, 4).stream().map(Receiver.Received::id).toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/webhooks/" + id
                    + "/deliveries?status=delivered").json().get("items").size() == 3);

            Response replay = api.post("/api/webhooks/" + id + "/replay",
                    EventJson.toTree(Map.of("since", since.toString())).toString());
            assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
            assertThat(replay.json().get("requeued").asLong()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received.size() == 6);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(receiver.received).hasSize(6));
            assertThat(receiver.received.subList(4, 6)).extracting(Receiver.Received::id)
                    .containsExactlyInAnyOrderElementsOf(later);
            assertThat(api.post("/api/webhooks/" + id + "/replay", "{}").status()).isEqualTo(400);
        }
    }

    @Test
    void aHangingEndpointDoesNotDelayDeliveriesToOthers() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        try (Receiver slow = Receiver.start(); Receiver healthy = Receiver.start()) {
            slow.answer(r -> {
                hanging.incrementAndGet();
                try {
                    release.await(); // hangs until the test ends; the dispatcher's request timeout gives up first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hanging.decrementAndGet();
                }
                return Receiver.Answer.ok();
            });
            try {
                String subject = Ids.newId();
                subscribe(slow.url(), subject);
                subscribe(healthy.url(), subject);
                TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-h1", "One"));
                await().atMost(Duration.ofSeconds(30)).until(() -> hanging.get() >= 1 && healthy.received.size() == 1);

                // while the slow partner holds a request open, a new event reaches the healthy one promptly
                TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-h2", "Two"));
                await().atMost(Duration.ofSeconds(5)).until(() -> healthy.received.size() == 2);
                assertThat(hanging.get()).isPositive();
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void theBulkheadCapsConcurrentCallsToOneEndpoint() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        try (Receiver slow = Receiver.start()) {
            slow.answer(r -> {
                hanging.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Receiver.Answer.ok();
            });
            try {
                String subject = Ids.newId();
                String id = subscribe(slow.url(), subject).get("id").asString();
                for (int i = 0; i < 4; i++) {
                    TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-c" + i, "Call " + i));
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/webhooks/" + id + "/deliveries")
                        .json().get("items").size() == 4 && hanging.get() == 2);
                // 2 calls open (the cap in the tests); the others are put back, no attempt used, until an open one
                // ends (here: the 3 s request timeout, recorded as an attempt before its bulkhead slot is freed)
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
                    int open = hanging.get();
                    int attempts = api.get("/api/webhooks/" + id + "/deliveries").json().get("items").valueStream()
                            .mapToInt(d -> d.get("attemptCount").asInt()).sum();
                    assertThat(attempts > 0 || open <= 2).as("%d calls open before any attempt ended", open).isTrue();
                });
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aBacklogForOneEndpointGoesOutThroughItsBulkheadOnceEach() {
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        try (Receiver busy = Receiver.start()) {
            Object arrivals = new Object();
            busy.answer(r -> {
                synchronized (arrivals) {
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    arrivals.notifyAll();
                    try {
                        // each request stays open until another one is open beside it (or 200 ms pass): a dispatcher
                        // that sent more at once than the bulkhead allows would show a third
                        long deadline = System.nanoTime() + Duration.ofMillis(200).toNanos();
                        while (open.get() < 2 && System.nanoTime() < deadline) {
                            arrivals.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        open.decrementAndGet();
                    }
                }
                return Receiver.Answer.ok();
            });
            String subject = Ids.newId();
            String id = subscribe(busy.url(), subject).get("id").asString();
            for (int i = 0; i < 40; i++) {
                TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-q" + i, "Queued " + i));
            }
            // sends go on with the endpoint's next due delivery after each 2xx: every one arrives once, and never more
            // requests are open at once than the endpoint's bulkhead allows (2 in the tests)
            await().atMost(Duration.ofSeconds(60)).until(() -> busy.received.size() >= 40);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(busy.received).hasSize(40));
            assertThat(busy.received).extracting(Receiver.Received::id).doesNotHaveDuplicates();
            assertThat(mostOpen.get()).isBetween(1, 2);
            assertThat(api.get("/api/webhooks/" + id + "/deliveries?status=delivered&limit=100").json().get("items"))
                    .hasSize(40).allSatisfy(d -> assertThat(d.get("attemptCount").asInt()).isEqualTo(1));
        }
    }

    @Test
    void aFailingEndpointOpensItsOwnBreakerWhichClosesWhenItRecovers() {
        try (Receiver failing = Receiver.start()) {
            failing.answer(r -> new Receiver.Answer(500, Map.of()));
            String subject = Ids.newId();
            String id = subscribe(failing.url(), subject).get("id").asString();
            TestEvents.publish(UpstreamEvents.TASKS, UpstreamEvents.taskAssigned(subject, "rep-b1", "Breaker"));
            // 5 failed calls (the minimum) open it; while open, the delivery is put back without calling
            await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.breakerState(id) == CircuitBreaker.State.OPEN);
            int calls = failing.received.size();
            assertThat(calls).isGreaterThanOrEqualTo(5);
            JsonNode delivery = api.get("/api/webhooks/" + id + "/deliveries").json().get("items").get(0);
            assertThat(delivery.get("status").asString()).isEqualTo("pending");

            failing.answer(r -> Receiver.Answer.ok());
            await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/webhooks/" + id
                    + "/deliveries?status=delivered").json().get("items").size() == 1);
            assertThat(dispatcher.breakerState(id)).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(api.get("/api/webhooks/" + id).json().get("consecutiveFailures").asInt()).isZero();
        }
    }

    private JsonNode subscribe(String url, String subject) {
        Response created = api.post("/api/webhooks", EventJson.toTree(Map.of("targetUrl", url,
                "eventTypes", List.of("pulse.task.*"), "subject", subject)).toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }
}

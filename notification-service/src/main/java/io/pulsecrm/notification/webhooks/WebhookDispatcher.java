package io.pulsecrm.notification.webhooks;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import jakarta.annotation.PreDestroy;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.notification.NotificationsProperties;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.outbound.GuardedHttpClients;
import io.pulsecrm.platform.outbound.TargetGuard;
import io.pulsecrm.platform.outbound.TargetRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Sends due webhook deliveries. One replica at a time polls (ShedLock lease {@code webhook-deliveries}); each
 * delivery is additionally claimed on its own document ({@code leaseUntil}), so even overlapping passes never send
 * one attempt twice. State lives in the store, so pending retries survive restarts; a send interrupted by a crash
 * is retried when its claim expires.
 * <p>
 * Outcome of an attempt: 2xx → {@code delivered}; 410 → the subscription is deactivated and the delivery
 * {@code failed}; otherwise (other status, timeout, connection error) a retry after
 * {@code initialBackoff · 2^(n-1)} capped at {@code maxBackoff}, with "equal jitter" (half fixed, half random),
 * or after the receiver's {@code Retry-After} on 429/503 (capped at {@code maxRetryAfter}); after {@code maxAttempts} → {@code failed}.
 * Every failed attempt counts towards pausing the subscription ({@link WebhookSubscriptions#recordFailure}); a paused
 * subscription's deliveries are put back without an attempt.
 * <p>
 * Isolation: sends run on virtual threads and are not awaited by the pass; each endpoint (subscription) has its own
 * circuit breaker (open → the delivery is put back, no call, no attempt used) and bulkhead (too many calls open →
 * put back for a later pass). Signed with every secret valid now (two during a secret rotation's overlap).
 */
@Component
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Names the job's lease ({@link WebhookDeliverySchedule}). */
    static final String JOB_NAME = "webhook-deliveries";
    private static final int MAX_ERROR = 300;

    private final MongoTemplate mongo;
    private final WebhookSubscriptions subscriptions;
    private final TargetGuard guard;
    private final NotificationsProperties.Webhooks properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RestClient http;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Sends (chains of them, see {@link #dispatchDue}) running per endpoint on this replica. */
    private final Map<String, AtomicInteger> sendsPerEndpoint = new ConcurrentHashMap<>();
    /** Per endpoint (keyed by subscription id), so one failing or slow partner never affects the others. */
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    WebhookDispatcher(MongoTemplate mongo, WebhookSubscriptions subscriptions, TargetGuard guard, NotificationsProperties properties, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.subscriptions = subscriptions;
        this.guard = guard;
        this.properties = properties.webhooks();
        this.clock = clock;
        this.meters = meters;
        // connects only to addresses the platform's SSRF guard checked; redirects are not followed
        this.http = RestClient.builder().requestFactory(GuardedHttpClients.requestFactory(guard,
                this.properties.connectTimeout(), this.properties.requestTimeout())).build();
        var webhooks = this.properties;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(webhooks.endpointSlidingWindowSize())
                .minimumNumberOfCalls(webhooks.endpointMinimumCalls())
                .failureRateThreshold(webhooks.endpointFailureRateThreshold())
                .waitDurationInOpenState(webhooks.endpointOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                // a trial call that never got recorded (crash of its thread) must not keep it half-open forever
                .maxWaitDurationInHalfOpenState(webhooks.endpointOpenDuration())
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(webhooks.endpointMaxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    /** The endpoint's circuit breaker state, for tests and diagnostics. */
    CircuitBreaker.State breakerState(String subscriptionId) {
        return breakers.circuitBreaker(subscriptionId).getState();
    }

    /**
     * Claims due deliveries while fewer than {@code batch-size} sends are in flight and starts each on its own
     * virtual thread, without waiting for them: a slow endpoint holds only its own sends (capped by its bulkhead),
     * never the pass or the deliveries to other endpoints. Deliveries of an endpoint that already has as many sends
     * running as its bulkhead allows are left for those sends: after a 2xx, a send goes on with the endpoint's next
     * due delivery (claimed on its document like any other, at most {@code batch-size} in a row), so a busy
     * endpoint is kept busy without waiting for the next pass, and a failing or slow one is not. Returns how many
     * were claimed.
     */
    public int dispatchDue() {
        int started = 0;
        while (inFlight.get() < properties.batchSize()) {
            WebhookDelivery delivery = claimNext(saturatedEndpoints());
            if (delivery == null) {
                break;
            }
            inFlight.incrementAndGet();
            AtomicInteger endpointSends = sendsPerEndpoint.computeIfAbsent(delivery.subscriptionId(), id -> new AtomicInteger());
            endpointSends.incrementAndGet();
            try {
                senders.execute(() -> {
                    try {
                        sendInARow(delivery);
                    } catch (RuntimeException e) {
                        log.warn("Webhook delivery attempt failed unexpectedly: {}", e.toString());
                    } finally {
                        endpointSends.decrementAndGet();
                        inFlight.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                endpointSends.decrementAndGet();
                inFlight.decrementAndGet(); // the claim expires and another instance retries it
                break;
            }
            started++;
        }
        return started;
    }

    /** Sends in flight (started, not yet recorded). */
    int inFlight() {
        return inFlight.get();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        senders.shutdown();
        if (!senders.awaitTermination(properties.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
            senders.shutdownNow(); // interrupted attempts are recorded as failed and retried
        }
    }

    /** Sends the delivery, and while the endpoint answers 2xx, its next due ones (at most {@code batch-size}). */
    private void sendInARow(WebhookDelivery first) {
        WebhookDelivery next = first;
        for (int sent = 1; next != null; sent++) {
            boolean delivered = attempt(next);
            // claim another only if it will be sent: a claimed one left behind would wait for its lease to expire
            next = delivered && sent < properties.batchSize() && !senders.isShutdown()
                    ? claimNext(Criteria.where("subscriptionId").is(next.subscriptionId())) : null;
        }
    }

    /** Endpoints with as many sends running here as their bulkhead allows: the pass leaves their deliveries to them. */
    private Criteria saturatedEndpoints() {
        List<String> saturated = sendsPerEndpoint.entrySet().stream()
                .filter(endpoint -> endpoint.getValue().get() >= properties.endpointMaxConcurrentCalls())
                .map(Map.Entry::getKey).toList();
        return saturated.isEmpty() ? null : Criteria.where("subscriptionId").nin(saturated);
    }

    /** Claims the due delivery that waited longest (among those {@code restriction} allows, if given). */
    private WebhookDelivery claimNext(Criteria restriction) {
        Instant now = clock.instant();
        Duration hold = properties.connectTimeout().plus(properties.requestTimeout()).plusSeconds(30);
        Criteria due = Criteria.where("status").is(WebhookDelivery.PENDING)
                .and("nextAttemptAt").lte(now).and("leaseUntil").lte(now);
        Query query = Query.query(restriction == null ? due : new Criteria().andOperator(due, restriction))
                .with(Sort.by("nextAttemptAt"));
        return mongo.findAndModify(query, Update.update("leaseUntil", now.plus(hold)),
                FindAndModifyOptions.options().returnNew(true), WebhookDelivery.class);
    }

    /** One attempt at the delivery (or putting it back); @return whether the endpoint took it (2xx) */
    private boolean attempt(WebhookDelivery delivery) {
        WebhookSubscription subscription;
        try {
            subscription = subscriptions.get(delivery.subscriptionId());
        } catch (RuntimeException e) {
            subscription = null;
        }
        if (subscription != null && subscription.paused()) {
            // waits without an attempt; reactivating the subscription makes its pending deliveries due at once
            hold(delivery, properties.maxBackoff());
            return false;
        }
        if (subscription == null || !subscription.active()) {
            finish(delivery, WebhookDelivery.CANCELLED, null, "subscription inactive or deleted", null);
            return false;
        }
        String refusal = guard.refusal(subscription.targetUrl());
        if (refusal != null) {
            Instant at = clock.instant();
            finish(delivery, WebhookDelivery.FAILED, new WebhookDelivery.Attempt(delivery.attemptCount() + 1, at,
                    null, 0, "target refused: " + refusal, null), "target refused: " + refusal, null);
            return false;
        }
        CircuitBreaker breaker = breakers.circuitBreaker(subscription.id());
        if (!breaker.tryAcquirePermission()) {
            // the endpoint keeps failing: no call, no attempt used; try again once the breaker may let one through
            meters.counter("pulse.notifications.webhooks.short_circuited").increment();
            hold(delivery, jittered(properties.endpointOpenDuration()));
            return false;
        }
        Bulkhead bulkhead = bulkheads.bulkhead(subscription.id());
        if (!bulkhead.tryAcquirePermission()) {
            // enough calls to this endpoint are open already: try again on a later pass
            breaker.releasePermission();
            hold(delivery, properties.pollInterval());
            return false;
        }
        try {
            return send(delivery, subscription, breaker);
        } finally {
            bulkhead.onComplete();
        }
    }

    private boolean send(WebhookDelivery delivery, WebhookSubscription subscription, CircuitBreaker breaker) {
        Instant started = clock.instant();
        long timestamp = started.getEpochSecond();
        Integer status = null;
        String error = null;
        Duration retryAfter = null;
        long startNanos = System.nanoTime();
        try {
            Answer answer = http.post().uri(URI.create(subscription.targetUrl()))
                    // as a string, so it goes out exactly so (lower-case charset: some SDKs compare it literally)
                    .header(HttpHeaders.CONTENT_TYPE, EventEnvelope.STRUCTURED_CONTENT_TYPE)
                    .header("user-agent", "PulseCRM-Webhooks/1")
                    .header("webhook-id", delivery.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSigner.signatures(subscription.signingSecrets(started),
                            delivery.id(), timestamp, delivery.payload()))
                    // the signed bytes, exactly
                    .body(delivery.payload().getBytes(StandardCharsets.UTF_8))
                    .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                            response.getHeaders().getFirst("retry-after")));
            status = answer.status();
            if ((status == 429 || status == 503) && answer.retryAfter() != null) {
                retryAfter = parseRetryAfter(answer.retryAfter());
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                error = "interrupted";
            } else {
                error = describe(e);
            }
        }
        long latency = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        meters.timer("pulse.notifications.webhooks.latency").record(Duration.ofMillis(latency));
        int number = delivery.attemptCount() + 1;
        if (status != null && status >= 200 && status < 300) {
            breaker.onSuccess(latency, TimeUnit.MILLISECONDS);
            subscriptions.recordSuccess(subscription.id());
            meters.counter("pulse.notifications.webhooks.delivered").increment();
            finish(delivery, WebhookDelivery.DELIVERED, new WebhookDelivery.Attempt(number, started, status, latency,
                    null, null), null, started);
            return true;
        }
        if (status != null) {
            error = "HTTP " + status;
        }
        breaker.onError(latency, TimeUnit.MILLISECONDS, new IllegalStateException(error));
        if (status != null && status == 410) {
            subscriptions.disable(subscription.id(), "receiver answered 410 Gone");
            meters.counter("pulse.notifications.webhooks.disabled").increment();
            finish(delivery, WebhookDelivery.FAILED, new WebhookDelivery.Attempt(number, started, status, latency,
                    error + ": subscription disabled", null), error + ": subscription disabled", null);
            return false;
        }
        if (number >= properties.maxAttempts()) {
            meters.counter("pulse.notifications.webhooks.failed").increment();
            finish(delivery, WebhookDelivery.FAILED, new WebhookDelivery.Attempt(number, started, status, latency,
                    truncate(error), null), truncate(error), null);
        } else {
            Duration delay = retryAfter != null ? min(retryAfter, properties.maxRetryAfter()) : backoff(number);
            Instant next = clock.instant().plus(delay);
            finish(delivery, WebhookDelivery.PENDING, new WebhookDelivery.Attempt(number, started, status, latency,
                    truncate(error), next), truncate(error), null, next);
        }
        // after the attempt is recorded, so a pause never races the delivery's own update
        subscriptions.recordFailure(subscription.id());
        return false;
    }

    /** Puts a claimed delivery back, due after {@code delay}, without recording an attempt. */
    private void hold(WebhookDelivery delivery, Duration delay) {
        finish(delivery, WebhookDelivery.PENDING, null, null, null, clock.instant().plus(delay));
    }

    /** Between half and all of {@code delay}, so held deliveries do not all come back at once. */
    private static Duration jittered(Duration delay) {
        long half = delay.toMillis() / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Delay after the n-th failed attempt: initial · 2^(n-1), capped, then half of it fixed and half random. */
    Duration backoff(int failedAttempts) {
        long initial = properties.initialBackoff().toMillis();
        long cap = properties.maxBackoff().toMillis();
        long exponential = initial << Math.min(failedAttempts - 1, 30);
        long delay = exponential <= 0 || exponential > cap ? cap : exponential;
        long half = delay / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    /** Retry-After: delay-seconds or an HTTP date; null if unreadable. */
    private Duration parseRetryAfter(String value) {
        String text = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration delay = Duration.between(clock.instant(), at);
                return delay.isNegative() ? Duration.ZERO : delay;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private void finish(WebhookDelivery delivery, String status, WebhookDelivery.Attempt attempt, String error,
                        Instant deliveredAt) {
        finish(delivery, status, attempt, error, deliveredAt, null);
    }

    private void finish(WebhookDelivery delivery, String status, WebhookDelivery.Attempt attempt, String error,
                        Instant deliveredAt, Instant nextAttemptAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Update update = new Update().set("status", status).set("leaseUntil", now);
        if (attempt != null) {
            update.push("attempts", attempt).inc("attemptCount", 1);
        }
        if (error != null) {
            update.set("lastError", error);
        }
        if (deliveredAt != null) {
            update.set("deliveredAt", deliveredAt);
        }
        if (nextAttemptAt != null) {
            update.set("nextAttemptAt", nextAttemptAt);
        }
        // conditional on the attempt count this claim saw: a stale claimant cannot record an attempt twice
        mongo.updateFirst(Query.query(Criteria.where("_id").is(delivery.id())
                .and("attemptCount").is(delivery.attemptCount())), update, WebhookDelivery.class);
    }

    /** Status and Retry-After of the receiver's answer; its body is not read. */
    private record Answer(int status, String retryAfter) {
    }

    /** Why an attempt got no answer, in words an admin reading the delivery log understands. */
    private static String describe(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TargetRefusedException refused) {
                return "target refused: " + refused.getMessage();
            }
            if (cause instanceof ConnectException) {
                return "Connection refused or unreachable";
            }
            if (cause instanceof SocketTimeoutException) {
                return "Timed out waiting for the receiver";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "Connection failed" + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    /** One pass: starts the due deliveries, up to {@code batch-size} in flight; the next pass starts more. */
    public void dispatchPass() {
        int started = dispatchDue();
        if (started > 0) {
            log.debug("Started {} webhook deliveries, {} in flight", started, inFlight.get());
        }
    }
}

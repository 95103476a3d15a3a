package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.gateway.ratelimit.PrincipalRateLimiter;
import io.pulsecrm.platform.identity.Role;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Per-principal token buckets: reps have {@value #REP_LIMIT} requests, {@value #PARTNER} its own
 * {@value #PARTNER_LIMIT}, everybody else far more (see {@link GatewayTestSupport}). Each test spends from
 * buckets no other test uses.
 */
class RateLimitTest extends GatewayTestSupport {

    private static final String LIMIT = "RateLimit-Limit";
    private static final String REMAINING = "RateLimit-Remaining";
    private static final String RESET = "RateLimit-Reset";
    private static final AtomicInteger REPS = new AtomicInteger();

    @Autowired
    MeterRegistry meters;

    @Test
    void aUserOverTheLimitGets429WithRetryAfterAndTheRejectionIsCounted() {
        WebTestClient rep = as(IDENTITY.tokenFor(newRep()));
        double rejectedBefore = rejected("user", "rep", "none");

        for (int call = 1; call <= REP_LIMIT; call++) {
            rep.get().uri("/api/contacts").exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(LIMIT, REP_LIMIT)
                    .expectHeader().valueEquals(REMAINING, REP_LIMIT - call)
                    .expectHeader().value(RESET, reset -> assertThat(Long.parseLong(reset)).isPositive());
        }
        String requestId = UUID.randomUUID().toString();
        rep.get().uri("/api/contacts").header("X-Request-Id", requestId).exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Long.parseLong(seconds)).isPositive())
                .expectHeader().valueEquals(LIMIT, REP_LIMIT)
                .expectHeader().valueEquals(REMAINING, 0)
                .expectHeader().value(RESET, reset -> assertThat(Long.parseLong(reset)).isPositive())
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://pulsecrm.io/problems/rate-limited")
                .jsonPath("$.title").isEqualTo("Too many requests")
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .startsWith("Rate limit of " + REP_LIMIT + " requests per 10 minutes exceeded; retry in "))
                .jsonPath("$.instance").isEqualTo("/api/contacts")
                .jsonPath("$.requestId").isEqualTo(requestId);

        assertThat(SERVICES.requestWithId(requestId)).as("a rejected call never reaches the service").isEmpty();
        assertThat(rejected("user", "rep", "none")).isEqualTo(rejectedBefore + 1);
        String scrape = anonymous.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape)
                .containsPattern("pulse_gateway_rate_limit_rejected_total\\{[^}]*client=\"none\",kind=\"user\",role=\"rep\"")
                .contains("pulse_gateway_rate_limit_buckets");
    }

    @Test
    void anotherPrincipalKeepsItsOwnBudget() {
        WebTestClient spent = as(IDENTITY.tokenFor(newRep()));
        for (int call = 0; call < REP_LIMIT; call++) {
            spent.get().uri("/api/tasks").exchange().expectStatus().isOk();
        }
        spent.get().uri("/api/tasks").exchange().expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        // Same role, same IP, own bucket: the limiter keys on the token's subject.
        as(IDENTITY.tokenFor(newRep())).get().uri("/api/tasks").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(REMAINING, REP_LIMIT - 1);
        // A role without a limit of its own gets the default.
        gateway.get().uri("/api/tasks").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(LIMIT, DEFAULT_LIMIT);
    }

    @Test
    void aPartnerClientWithItsOwnLimitGetsThatLimit() {
        WebTestClient partner = as(IDENTITY.clientToken(PARTNER, "contacts:read"));
        double rejectedBefore = rejected("client", "none", PARTNER);

        for (int call = 1; call <= PARTNER_LIMIT; call++) {
            partner.get().uri("/api/contacts").exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(LIMIT, PARTNER_LIMIT)
                    .expectHeader().valueEquals(REMAINING, PARTNER_LIMIT - call);
        }
        partner.get().uri("/api/contacts").exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().valueEquals(LIMIT, PARTNER_LIMIT);

        assertThat(rejected("client", "none", PARTNER)).isEqualTo(rejectedBefore + 1);
    }

    @Test
    void anEmptyBucketRefills() {
        WebTestClient client = as(IDENTITY.clientToken(FAST_REFILL_CLIENT, "tasks:read"));
        // The bucket refills while we spend it, so keep calling until a call is refused.
        int calls = 0;
        HttpStatus status;
        do {
            status = HttpStatus.valueOf(client.get().uri("/api/tasks").exchange().returnResult(Void.class).getStatus().value());
            calls++;
        } while (status == HttpStatus.OK && calls < 50);
        assertThat(status).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        client.get().uri("/api/tasks").exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, 1);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                client.get().uri("/api/tasks").exchange().returnResult(Void.class).getStatus().value(),
                code -> code == HttpStatus.OK.value());
    }

    @Test
    void anonymousPublicCallsAreLimitedPerAddress() {
        anonymous.get().uri("/api/public/lead-forms/f1").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(LIMIT, ANONYMOUS_LIMIT)
                .expectHeader().exists(REMAINING)
                .expectHeader().exists(RESET);
    }

    @Test
    void theGatewaysOwnAnswersToLimitedCallsCarryTheHeadersToo() {
        // The deals service is down in these tests: 503 from the breaker's fallback.
        gateway.get().uri("/api/deals/d-9").exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().valueEquals(LIMIT, DEFAULT_LIMIT)
                .expectHeader().exists(REMAINING);
        gateway.get().uri("/api/nothing-here").exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals(LIMIT, DEFAULT_LIMIT);
    }

    @Test
    void operationsEndpointsAreNotLimited() {
        anonymous.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(LIMIT);
    }

    /** A rep of their own, so that no other test spends from their bucket. */
    private static String newRep() {
        String id = "rate-limited-rep-" + REPS.incrementAndGet();
        IDENTITY.addUser(id, Role.REP, "east");
        return id;
    }

    private double rejected(String kind, String role, String client) {
        Counter counter = meters.find(PrincipalRateLimiter.REJECTED_METRIC)
                .tags("kind", kind, "role", role, "client", client)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}

package io.pulsecrm.gateway;

import java.time.Duration;

import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One running gateway (real port) shared by all test classes, in front of one real stub service and a real
 * token issuer ({@link TestIdentity}: JWKS over HTTP). Every class extends this without adding configuration,
 * so Spring starts the context once.
 *
 * <ul>
 * <li>contacts, tasks, automation, notification and identity route to {@link #SERVICES};</li>
 * <li>deals routes to {@link #DEALS_PORT}, where nothing listens until a test starts a server there;</li>
 * <li>tasks and notification have a short response timeout so {@code /slow} times out;</li>
 * <li>breakers open after 2 calls and probe again after {@link #OPEN_STATE_WAIT};</li>
 * <li>{@link #gateway} sends a valid token of {@link #CALLER}, whose rate limit is never reached; reps,
 * {@link #PARTNER} and {@link #FAST_REFILL_CLIENT} have small limits for the rate-limit tests.</li>
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GatewayTestSupport {

    /** Lives as long as the cached application context, i.e. the test JVM. */
    static final DownstreamStub SERVICES = DownstreamStub.start("stub");

    static final TestIdentity IDENTITY = TestIdentity.shared();

    static final int DEALS_PORT = DownstreamStub.freePort();

    /** Nothing ever listens here: the imports route (no breaker) points at it. */
    static final int IMPORTS_PORT = DownstreamStub.freePort();

    static final Duration TASKS_RESPONSE_TIMEOUT = Duration.ofMillis(400);

    static final Duration OPEN_STATE_WAIT = Duration.ofSeconds(1);

    /** Who the tests not about identity call as: a manager, so nothing relies on admin rights by accident. */
    static final String CALLER = TestIdentity.EAST_MANAGER;

    /** Users and clients without a limit of their own: far more than any test sends. */
    static final int DEFAULT_LIMIT = 100_000;

    /** Anonymous public calls, per IP. */
    static final int ANONYMOUS_LIMIT = 50_000;

    /** Reps: small, and slow to refill, so a burst of calls reliably runs out. */
    static final int REP_LIMIT = 3;

    static final String PARTNER = "partner-erp";

    static final int PARTNER_LIMIT = 5;

    /** A client whose bucket refills within a second, for the refill test. */
    static final String FAST_REFILL_CLIENT = "calendar-sync";

    static final int FAST_REFILL_LIMIT = 2;

    @DynamicPropertySource
    static void pointRoutesAtStubs(DynamicPropertyRegistry registry) {
        for (String service : new String[] { "contacts", "tasks", "automation", "notification", "identity" }) {
            registry.add("pulse.gateway.services." + service + ".url", SERVICES::url);
        }
        registry.add("pulse.gateway.services.deals.url", () -> DownstreamStub.urlFor(DEALS_PORT));
        registry.add("pulse.gateway.imports-url", () -> DownstreamStub.urlFor(IMPORTS_PORT));
        registry.add("pulse.gateway.services.tasks.response-timeout-ms", TASKS_RESPONSE_TIMEOUT::toMillis);
        registry.add("pulse.gateway.services.notification.response-timeout-ms", TASKS_RESPONSE_TIMEOUT::toMillis);

        String breakers = "resilience4j.circuitbreaker.configs.default.";
        registry.add(breakers + "sliding-window-size", () -> 4);
        registry.add(breakers + "minimum-number-of-calls", () -> 2);
        registry.add(breakers + "wait-duration-in-open-state", () -> OPEN_STATE_WAIT.toMillis() + "ms");
        registry.add(breakers + "permitted-number-of-calls-in-half-open-state", () -> 1);
    }

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        String jwt = "spring.security.oauth2.resourceserver.jwt.";
        registry.add(jwt + "issuer-uri", IDENTITY::issuer);
        registry.add(jwt + "jwk-set-uri", IDENTITY::jwkSetUri);
        registry.add(jwt + "audiences", () -> TestIdentity.AUDIENCE);
    }

    @DynamicPropertySource
    static void smallRateLimits(DynamicPropertyRegistry registry) {
        String limits = "pulse.gateway.rate-limits.";
        registry.add(limits + "default.capacity", () -> DEFAULT_LIMIT);
        registry.add(limits + "anonymous.capacity", () -> ANONYMOUS_LIMIT);
        registry.add(limits + "roles.rep.capacity", () -> REP_LIMIT);
        registry.add(limits + "roles.rep.refill-period", () -> "10m");
        registry.add(limits + "clients." + PARTNER + ".capacity", () -> PARTNER_LIMIT);
        registry.add(limits + "clients." + PARTNER + ".refill-period", () -> "10m");
        registry.add(limits + "clients." + FAST_REFILL_CLIENT + ".capacity", () -> FAST_REFILL_LIMIT);
        registry.add(limits + "clients." + FAST_REFILL_CLIENT + ".refill-period", () -> "1s");
    }

    @LocalServerPort
    int port;

    /** Calls the gateway as {@link #CALLER}. */
    WebTestClient gateway;

    /** Calls the gateway without a token. */
    WebTestClient anonymous;

    @BeforeEach
    void connectToGateway() {
        anonymous = client().build();
        gateway = as(IDENTITY.tokenFor(CALLER));
    }

    /** A client sending this bearer token on every request. */
    WebTestClient as(String token) {
        return client().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
    }

    private WebTestClient.Builder client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15));
    }
}

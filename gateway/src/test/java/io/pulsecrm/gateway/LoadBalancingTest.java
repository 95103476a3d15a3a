package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A service given as several URLs is balanced over them by the gateway: requests spread round robin, an instance whose
 * health check fails leaves the rotation until it recovers (unless none passes: then all stay), a request that an
 * instance refused or dropped goes to another one when that is safe, and a service given as one URL (a Kubernetes
 * Service) is called without checks.
 * Real HTTP servers on loopback as instances; its own gateway (different routes from {@link GatewayTestSupport}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadBalancingTest {

    /** deals: two healthy instances, checked often. */
    static final DownstreamStub DEALS_A = DownstreamStub.start("deals-a");
    static final DownstreamStub DEALS_B = DownstreamStub.start("deals-b");
    /** tasks and automation: checked once at start, so an instance failing later is still picked: failover's job. */
    static final DownstreamStub TASKS_A = DownstreamStub.start("tasks-a");
    static final DownstreamStub TASKS_B = DownstreamStub.start("tasks-b");
    static final DownstreamStub AUTOMATION_A = DownstreamStub.start("automation-a");
    static final DownstreamStub AUTOMATION_B = DownstreamStub.start("automation-b");
    /** contacts: one URL whose health endpoint says 503, as one behind a Service might: never checked. */
    static final DownstreamStub CONTACTS = DownstreamStub.start("contacts");
    /** notification: two instances that serve but whose health checks fail (slow, not dead). */
    static final DownstreamStub NOTIFICATION_A = DownstreamStub.start("notification-a");
    static final DownstreamStub NOTIFICATION_B = DownstreamStub.start("notification-b");
    /** identity: two addresses where nothing listens. */
    static final int NOBODY_1 = DownstreamStub.freePort();
    static final int NOBODY_2 = DownstreamStub.freePort();
    static final Duration CHECK_INTERVAL = Duration.ofMillis(200);
    static final TestIdentity IDENTITY = TestIdentity.shared();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("pulse.gateway.services.deals.url", () -> DEALS_A.url() + "," + DEALS_B.url());
        registry.add("pulse.gateway.services.tasks.url", () -> TASKS_A.url() + "," + TASKS_B.url());
        registry.add("pulse.gateway.services.automation.url", () -> AUTOMATION_A.url() + "," + AUTOMATION_B.url());
        registry.add("pulse.gateway.services.contacts.url", CONTACTS::url);
        registry.add("pulse.gateway.services.notification.url", () -> NOTIFICATION_A.url() + "," + NOTIFICATION_B.url());
        registry.add("pulse.gateway.services.identity.url",
                () -> DownstreamStub.urlFor(NOBODY_1) + "," + DownstreamStub.urlFor(NOBODY_2));
        String checks = "spring.cloud.loadbalancer.";
        registry.add(checks + "health-check.interval", () -> CHECK_INTERVAL.toMillis() + "ms");
        registry.add(checks + "clients.tasks.health-check.interval", () -> "1h");
        registry.add(checks + "clients.automation.health-check.interval", () -> "1h");
        // breakers that would open after two failures: they must not, while another instance serves
        String breakers = "resilience4j.circuitbreaker.configs.default.";
        registry.add(breakers + "sliding-window-size", () -> 4);
        registry.add(breakers + "minimum-number-of-calls", () -> 2);
        registry.add(breakers + "wait-duration-in-open-state", () -> "1h");
        String jwt = "spring.security.oauth2.resourceserver.jwt.";
        registry.add(jwt + "issuer-uri", IDENTITY::issuer);
        registry.add(jwt + "jwk-set-uri", IDENTITY::jwkSetUri);
        registry.add(jwt + "audiences", () -> TestIdentity.AUDIENCE);
        registry.add("pulse.gateway.rate-limits.enabled", () -> false);
    }

    @AfterAll
    static void stopInstances() {
        // TASKS_B was closed by its test already
        List.of(DEALS_A, DEALS_B, TASKS_A, AUTOMATION_A, AUTOMATION_B, CONTACTS, NOTIFICATION_A, NOTIFICATION_B)
                .forEach(DownstreamStub::close);
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    WebTestClient gateway;

    @BeforeEach
    void connect() {
        gateway = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + IDENTITY.tokenFor(TestIdentity.ADMIN))
                .build();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void requestsAreSpreadOverEveryInstanceInTurn() {
        awaitInRotation("/api/deals/d-1", "deals-a", "deals-b");

        List<String> servedBy = servedBy("/api/deals/d-1", 8);

        assertThat(servedBy).containsOnly("deals-a", "deals-b");
        assertThat(servedBy.stream().filter("deals-a"::equals).count()).as("round robin: " + servedBy).isEqualTo(4);
    }

    @Test
    void anInstanceFailingItsHealthCheckLeavesTheRotationUntilItRecovers() {
        awaitInRotation("/api/deals/d-2", "deals-a", "deals-b");
        try {
            DEALS_B.healthy(false);

            await().atMost(Duration.ofSeconds(10)).pollInterval(CHECK_INTERVAL)
                    .until(() -> servedBy("/api/deals/d-2", 6), served -> served.stream().allMatch("deals-a"::equals));
            assertThat(servedBy("/api/deals/d-2", 10)).as("out of rotation while unhealthy").containsOnly("deals-a");
        } finally {
            DEALS_B.healthy(true);
        }
        awaitInRotation("/api/deals/d-2", "deals-a", "deals-b");
    }

    /** Closes TASKS_B for good. */
    @Test
    void anInstanceThatRefusesConnectionsIsFailedOverForEveryMethod() {
        awaitInRotation("/api/tasks/t-1", "tasks-a", "tasks-b");
        // checked only at start: the load balancer still picks it, the failover filter must save each request
        TASKS_B.close();

        for (int i = 0; i < 4; i++) {
            gateway.get().uri("/api/tasks/t-1").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "tasks-a");
            gateway.post().uri("/api/tasks").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"title\":\"Call " + i + "\"}")
                    .exchange().expectStatus().isCreated()
                    .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "tasks-a")
                    .expectBody(String.class).isEqualTo("{\"title\":\"Call " + i + "\"}");
            gateway.patch().uri("/api/tasks/t-1").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"priority\":\"high\"}")
                    .exchange().expectStatus().isOk();
        }
        assertThat(TASKS_A.received("POST")).as("each POST reached the service once").isEqualTo(4);
        assertThat(breakers.circuitBreaker("tasks").getState()).as("no failure reached the breaker")
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aRequestCutOffMidWayIsSentAgainOnlyWhenItsMethodIsIdempotent() {
        awaitInRotation("/api/automation/rules", "automation-a", "automation-b");
        AUTOMATION_B.dropRequests(true);
        try {
            for (int i = 0; i < 4; i++) {
                gateway.get().uri("/api/automation/rules/r-" + i).exchange().expectStatus().isOk()
                        .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "automation-a");
                gateway.put().uri("/api/automation/rules/r-" + i).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"name\":\"r\"}").exchange().expectStatus().isOk()
                        .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "automation-a");
            }
            long dropsBefore = AUTOMATION_B.received("POST");
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                breakers.circuitBreaker("automation").reset(); // keep the breaker out of this count
                statuses.add(gateway.post().uri("/api/automation/rules").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"name\":\"rule " + i + "\"}").exchange().returnResult(Void.class).getStatus().value());
            }

            long dropped = AUTOMATION_B.received("POST") - dropsBefore;
            assertThat(dropped).as("round robin sent some POSTs to the failing instance").isPositive();
            assertThat(statuses.stream().filter(status -> status == 503).count())
                    .as("a POST cut off mid-way is answered 503, not sent again: " + statuses).isEqualTo(dropped);
            assertThat(statuses).containsOnly(201, 503);
        } finally {
            AUTOMATION_B.dropRequests(false);
        }
    }

    @Test
    void aServiceGivenAsOneUrlIsCalledWithoutHealthChecks() {
        CONTACTS.healthy(false);

        gateway.get().uri("/api/contacts/c-1").exchange().expectStatus().isOk()
                .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "contacts");
    }

    @Test
    void whenNoInstancePassesItsHealthCheckEveryInstanceStaysInRotation() {
        NOTIFICATION_A.healthy(false);
        NOTIFICATION_B.healthy(false);

        // for many rounds of checks in a row, each of which finds no instance healthy
        await().during(CHECK_INTERVAL.multipliedBy(5)).atMost(Duration.ofSeconds(10)).pollInterval(CHECK_INTERVAL)
                .untilAsserted(() -> assertThat(servedBy("/api/notifications", 4))
                        .containsOnly("notification-a", "notification-b"));
    }

    @Test
    void whenNoInstanceIsLeftTheAnswerIsA503Problem() {
        gateway.get().uri("/api/users/ada").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.service").isEqualTo("identity")
                .jsonPath("$.reason").isEqualTo("unreachable")
                .jsonPath("$.instance").isEqualTo("/api/users/ada");
    }

    /** Waits until both instances have passed a health check and serve. */
    private void awaitInRotation(String path, String... instances) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> servedBy(path, instances.length * 2), served -> served.containsAll(List.of(instances)));
    }

    private List<String> servedBy(String path, int requests) {
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            EntityExchangeResult<byte[]> result = gateway.get().uri(path).exchange().expectBody().returnResult();
            assertThat(result.getStatus().value()).as(path).isEqualTo(200);
            servedBy.add(result.getResponseHeaders().getFirst(DownstreamStub.SERVED_BY));
        }
        return servedBy;
    }
}

package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A service that does not answer gets a 503 problem+json from the gateway, never a 500 or a hang. */
class FallbackTest extends GatewayTestSupport {

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    /** Each test starts from, and leaves behind, closed breakers with empty windows. */
    @BeforeEach
    @AfterEach
    void resetBreakers() {
        circuitBreakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void serviceDownAnswers503ProblemThenRecoversOnceTheServiceIsBack(CapturedOutput log) {
        expectUnavailable(gateway.get().uri("/api/deals/d-7?expand=contact"), "deals", "/api/deals/d-7")
                .jsonPath("$.detail").isEqualTo("The deals service could not be reached.")
                .jsonPath("$.reason").isEqualTo("unreachable");

        // Writes fail the same way (the fallback is reached with the original method and body).
        expectUnavailable(gateway.post().uri("/api/pipelines").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Enterprise\"}"), "deals", "/api/pipelines");

        // Two failures fill the test breaker's minimum window: it opens and stops calling the service.
        expectUnavailable(gateway.get().uri("/api/deals/d-7"), "deals", "/api/deals/d-7")
                .jsonPath("$.reason").isEqualTo("circuit-open")
                .jsonPath("$.detail").isEqualTo(
                        "The deals service is temporarily unavailable; requests are paused while it recovers.");

        try (DownstreamStub deals = DownstreamStub.start("deals", DEALS_PORT)) {
            // Answered by the fallback while the breaker waits out its open state, then by the service.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() ->
                    gateway.get().uri("/api/deals/d-7").exchange().returnResult(Void.class).getStatus().value(),
                    status -> status == 200);
            gateway.get().uri("/api/deals/d-7")
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "deals");
        }
        assertThat(log.getOut()).contains("Circuit breaker 'deals' CLOSED -> OPEN",
                "Circuit breaker 'deals' OPEN -> HALF_OPEN", "Circuit breaker 'deals' HALF_OPEN -> CLOSED");
    }

    @Test
    void slowServiceIsCutOffAtTheRouteTimeoutWith503() {
        long started = System.nanoTime();

        expectUnavailable(gateway.get().uri("/api/tasks/slow"), "tasks", "/api/tasks/slow")
                .jsonPath("$.reason").isEqualTo("timeout")
                .jsonPath("$.detail").isEqualTo("The tasks service did not respond in time.");

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(elapsed).isGreaterThanOrEqualTo(TASKS_RESPONSE_TIMEOUT)
                .isLessThan(DownstreamStub.SLOW_RESPONSE);
    }

    @Test
    void theFallbackIsNotReachableDirectly() {
        gateway.get().uri("/__gateway/fallback")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private WebTestClient.BodyContentSpec expectUnavailable(WebTestClient.RequestHeadersSpec<?> request,
            String service, String path) {
        return request.exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://pulsecrm.io/problems/service-unavailable")
                .jsonPath("$.title").isEqualTo("Service unavailable")
                .jsonPath("$.status").isEqualTo(503)
                .jsonPath("$.instance").isEqualTo(path)
                .jsonPath("$.service").isEqualTo(service);
    }
}

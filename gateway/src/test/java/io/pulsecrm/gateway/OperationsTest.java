package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

/** The gateway's own answers: 404 as problem+json, probes, Prometheus metrics. */
class OperationsTest extends GatewayTestSupport {

    @Test
    void unknownPathIsA404Problem() {
        gateway.get().uri("/api/unknown-things/1")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Not Found")
                .jsonPath("$.instance").isEqualTo("/api/unknown-things/1");
    }

    @Test
    void probesAreUpAndNeedNoToken() {
        anonymous.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        anonymous.get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void prometheusExposesGatewayHttpAndBreakerMetrics() {
        gateway.get().uri("/api/contacts/c-metrics").exchange().expectStatus().isOk();

        String scrape = anonymous.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(scrape)
                .containsPattern("spring_cloud_gateway_requests_seconds_count\\{[^}]*routeId=\"contacts\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*uri=")
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"deals\"")
                .contains("application=\"gateway\"");
    }

    @Test
    void gatewayActuatorEndpointIsNotExposedEvenToAnAdmin() {
        as(IDENTITY.tokenFor(TestIdentity.ADMIN)).get().uri("/actuator/gateway/routes").exchange()
                .expectStatus().isNotFound();
    }
}

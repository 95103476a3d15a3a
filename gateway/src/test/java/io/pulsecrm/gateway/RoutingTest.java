package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.pulsecrm.gateway.DownstreamStub.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

class RoutingTest extends GatewayTestSupport {

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @Test
    void forwardsPathQueryMethodBodyAndHeadersAndReturnsTheServiceAnswer() {
        String token = IDENTITY.tokenFor(CALLER);
        String body = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}";

        EntityExchangeResult<String> result = as(token).post()
                .uri(uri -> uri.path("/api/contacts/import").queryParam("dryRun", true).queryParam("tag", "a b").build())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "import-7")
                .bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/contacts/import/42")
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"")
                .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "stub")
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody(String.class).isEqualTo(body)
                .returnResult();

        String requestId = result.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(UUID.fromString(requestId)).as("generated request id").isNotNull();
        RecordedRequest received = SERVICES.requestWithId(requestId).orElseThrow();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/api/contacts/import");
        assertThat(received.rawQuery()).isEqualTo("dryRun=true&tag=a%20b");
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.header("Content-Type")).isEqualTo("application/json");
        assertThat(received.header("Idempotency-Key")).isEqualTo("import-7");
        // The services validate the caller's token themselves: it is relayed unchanged.
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(received.header("X-Correlation-Id")).isEqualTo(requestId);
        assertThat(result.getResponseHeaders().getFirst("X-Correlation-Id")).isEqualTo(requestId);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/contacts", "/api/companies/c-1", "/api/segments/s-1/contacts", "/api/tasks/t-1", "/api/automation/rules",
            "/api/notifications", "/api/webhooks/w-9/deliveries", "/api/users/ada", "/api/users?team=east&role=rep",
            "/api/teams/east" })
    void everyPublicPrefixReachesItsServiceWithThePathUnchanged(String path) {
        String requestId = UUID.randomUUID().toString();

        gateway.get().uri(path).header("X-Request-Id", requestId)
                .exchange()
                .expectStatus().isOk();

        assertThat(SERVICES.requestWithId(requestId)).get()
                .extracting(received -> received.rawQuery() == null ? received.path() : received.path() + "?" + received.rawQuery())
                .isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource({ "missing, 404, no such contact", "conflict, 409, version mismatch",
            "broken, 500, bug in the service" })
    void errorsAnsweredByTheServicePassThroughUnchangedAndDoNotTripTheBreaker(String path, int status,
            String detail) {
        for (int call = 0; call < 4; call++) {
            gateway.put().uri("/api/contacts/" + path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"version\":1}")
                    .exchange()
                    .expectStatus().isEqualTo(status)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "stub")
                    .expectBody()
                    .jsonPath("$.status").isEqualTo(status)
                    .jsonPath("$.detail").isEqualTo(detail);
        }

        CircuitBreaker contacts = circuitBreakers.circuitBreaker("contacts");
        assertThat(contacts.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(contacts.getMetrics().getNumberOfFailedCalls()).isZero();
    }
}

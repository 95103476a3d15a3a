package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.pulsecrm.gateway.DownstreamStub.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

class RequestIdTest extends GatewayTestSupport {

    @Test
    void keepsValidIdsFromTheClientInBothDirections() {
        String requestId = "web-" + UUID.randomUUID();
        String correlationId = "checkout-flow:42";

        EntityExchangeResult<byte[]> result = gateway.get().uri("/api/contacts/c-1")
                .header("X-Request-Id", requestId)
                .header("X-Correlation-Id", correlationId)
                .exchange()
                .expectStatus().isOk()
                .expectBody().returnResult();

        RecordedRequest received = SERVICES.requestWithId(requestId).orElseThrow();
        assertThat(received.header("X-Correlation-Id")).isEqualTo(correlationId);
        HttpHeaders response = result.getResponseHeaders();
        // The service echoes X-Request-Id too; the client must still see exactly one value.
        assertThat(response.get("X-Request-Id")).containsExactly(requestId);
        assertThat(response.get("X-Correlation-Id")).containsExactly(correlationId);
    }

    @ParameterizedTest
    @ValueSource(strings = { "has spaces", "<script>alert(1)</script>", "semi;colon", "" })
    void replacesUnsafeIds(String unsafe) {
        assertReplaced(unsafe);
    }

    @Test
    void replacesIdsLongerThan128Characters() {
        assertReplaced("a".repeat(129));
    }

    @Test
    void theGatewaysOwnAnswersCarryTheIdsToo() {
        gateway.get().uri("/no/such/path").header("X-Request-Id", "own-404")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Request-Id", "own-404")
                .expectHeader().valueEquals("X-Correlation-Id", "own-404");

        gateway.get().uri("/api/deals/d-1").header("X-Request-Id", "own-503")
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("X-Request-Id", "own-503")
                .expectBody().jsonPath("$.requestId").isEqualTo("own-503");
    }

    private void assertReplaced(String unsafe) {
        EntityExchangeResult<byte[]> result = gateway.get().uri("/api/contacts/c-2")
                .header("X-Request-Id", unsafe)
                .header("X-Correlation-Id", unsafe)
                .exchange()
                .expectStatus().isOk()
                .expectBody().returnResult();

        String requestId = result.getResponseHeaders().getFirst("X-Request-Id");
        assertThat(UUID.fromString(requestId)).isNotNull();
        assertThat(result.getResponseHeaders().getFirst("X-Correlation-Id")).isEqualTo(requestId);
        RecordedRequest received = SERVICES.requestWithId(requestId).orElseThrow();
        assertThat(received.header("X-Correlation-Id")).isEqualTo(requestId);
    }
}

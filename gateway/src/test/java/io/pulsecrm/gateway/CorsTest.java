package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** CORS is answered by the gateway (default: any localhost port), never by the services behind it. */
class CorsTest extends GatewayTestSupport {

    private static final String WEB_APP = "http://localhost:5173";

    @Test
    void preflightFromAnAllowedOriginIsAnsweredByTheGateway() {
        // Browsers send no Authorization header on a preflight.
        EntityExchangeResult<byte[]> result = anonymous.options().uri("/api/deals/d-1")
                .header(HttpHeaders.ORIGIN, WEB_APP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.PATCH.name())
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS,
                        "authorization,content-type,idempotency-key,if-match,x-request-id")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, WEB_APP)
                .expectBody().returnResult();

        // The deals service is down in these tests: the preflight never reaches a service.
        HttpHeaders headers = result.getResponseHeaders();
        assertThat(headers.getAccessControlAllowMethods()).contains(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
                HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
        assertThat(headers.getAccessControlAllowHeaders()).containsExactlyInAnyOrder("authorization",
                "content-type", "idempotency-key", "if-match", "x-request-id");
        assertThat(headers.getAccessControlMaxAge()).isPositive();
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        anonymous.options().uri("/api/contacts")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.POST.name())
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void actualRequestExposesTheHeadersClientsNeedWithoutDuplicatingTheServicesCorsHeaders() {
        EntityExchangeResult<byte[]> result = gateway.get().uri("/api/contacts/c-3")
                .header(HttpHeaders.ORIGIN, WEB_APP)
                .exchange()
                .expectStatus().isOk()
                .expectBody().returnResult();

        HttpHeaders headers = result.getResponseHeaders();
        // The stub service adds its own "Access-Control-Allow-Origin: *"; the gateway's value wins, once.
        assertThat(headers.get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).containsExactly(WEB_APP);
        assertThat(headers.getAccessControlExposeHeaders()).contains("ETag", "Location", "X-Request-Id",
                "X-Correlation-Id", "Retry-After", "WWW-Authenticate", "RateLimit-Limit", "RateLimit-Remaining",
                "RateLimit-Reset");
    }

    @Test
    void aBrowserCanReadTheGatewaysOwn401() {
        anonymous.get().uri("/api/contacts/c-3")
                .header(HttpHeaders.ORIGIN, WEB_APP)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, WEB_APP)
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
    }

    @Test
    void actualRequestFromAnotherOriginIsRefused() {
        gateway.get().uri("/api/contacts/c-3")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }
}

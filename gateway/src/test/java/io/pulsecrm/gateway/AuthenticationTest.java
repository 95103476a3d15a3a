package io.pulsecrm.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.UUID;
import java.util.stream.Stream;

import io.pulsecrm.gateway.DownstreamStub.RecordedRequest;
import io.pulsecrm.platform.test.TestIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every {@code /api} request needs a valid token of the configured issuer and audience; a few paths are public;
 * the token travels on to the service unchanged; the gateway's own actuator is for admins.
 */
class AuthenticationTest extends GatewayTestSupport {

    @Test
    void aRequestWithoutATokenIsA401ProblemWithABareBearerChallenge() {
        String requestId = UUID.randomUUID().toString();

        anonymous.get().uri("/api/contacts/c-1").header("X-Request-Id", requestId)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://pulsecrm.io/problems/unauthenticated")
                .jsonPath("$.title").isEqualTo("Unauthenticated")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").isEqualTo("This operation needs a bearer access token.")
                .jsonPath("$.instance").isEqualTo("/api/contacts/c-1")
                .jsonPath("$.requestId").isEqualTo(requestId);

        assertThat(SERVICES.requestWithId(requestId)).isEmpty();
    }

    @Test
    void writesWithoutATokenAre401TooNot403ForAMissingCsrfToken() {
        anonymous.post().uri("/api/contacts").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    @Test
    void anotherAuthorizationSchemeIsNoBearerToken() {
        anonymous.get().uri("/api/contacts").header(HttpHeaders.AUTHORIZATION, "Basic YWRhOmFkYQ==")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    @Test
    void aTokenInTheQueryIsOnlyAcceptedOnTheNotificationStream() {
        String token = IDENTITY.tokenFor(TestIdentity.EAST_REP);

        anonymous.get().uri("/api/contacts?access_token={token}", token)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        // Two tokens are ambiguous (RFC 6750 §2): invalid_request.
        as(token).get().uri("/api/notifications/stream?access_token={token}", token)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, challenge -> assertThat(challenge)
                        .startsWith("Bearer error=\"invalid_request\""));
    }

    static Stream<Arguments> rejectedTokens() {
        String valid = IDENTITY.tokenFor(TestIdentity.EAST_REP);
        return Stream.of(
                arguments("expired", IDENTITY.expiredTokenFor(TestIdentity.EAST_REP)),
                arguments("forged (signed with an unpublished key)", IDENTITY.forgedTokenFor(TestIdentity.EAST_REP)),
                arguments("for another audience", IDENTITY.tokenWithAudience(TestIdentity.EAST_REP, "another-api")),
                arguments("garbage", "not-a-jwt"),
                arguments("without its signature", valid.substring(0, valid.lastIndexOf('.') + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rejectedTokens(String what, String token) {
        String requestId = UUID.randomUUID().toString();

        as(token).get().uri("/api/deals/d-1").header("X-Request-Id", requestId)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, challenge -> assertThat(challenge)
                        .startsWith("Bearer error=\"invalid_token\", error_description=\""))
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://pulsecrm.io/problems/unauthenticated")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                        .startsWith("The access token was rejected: "))
                .jsonPath("$.instance").isEqualTo("/api/deals/d-1")
                .jsonPath("$.requestId").isEqualTo(requestId);

        assertThat(SERVICES.requestWithId(requestId)).isEmpty();
    }

    @Test
    void usersAndPartnerClientsAreLetThroughWithTheirTokenRelayedUnchanged() {
        // Whether a role or scope allows an operation is the service's call, not the gateway's.
        for (String token : new String[] { IDENTITY.tokenFor(TestIdentity.WEST_REP),
                IDENTITY.clientToken("partner-warehouse", "events:read") }) {
            String requestId = UUID.randomUUID().toString();

            as(token).delete().uri("/api/automation/rules/r-1").header("X-Request-Id", requestId)
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE); // stateless: no session

            RecordedRequest received = SERVICES.requestWithId(requestId).orElseThrow();
            assertThat(received.headerValues(HttpHeaders.AUTHORIZATION)).containsExactly("Bearer " + token);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/public/lead-forms/f1/submissions", "/api/tasks/calendar-feeds/s3cr3t.ics" })
    void webFormsAndCalendarFeedsNeedNoToken(String path) {
        String requestId = UUID.randomUUID().toString();

        anonymous.get().uri(path).header("X-Request-Id", requestId)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(DownstreamStub.SERVED_BY, "stub");

        RecordedRequest received = SERVICES.requestWithId(requestId).orElseThrow();
        assertThat(received.path()).isEqualTo(path);
        assertThat(received.header(HttpHeaders.AUTHORIZATION)).isNull();
    }

    @Test
    void issuingACalendarFeedNeedsAToken() {
        anonymous.post().uri("/api/tasks/calendar-feeds").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aWebFormSubmissionIsAWriteWithoutToken() {
        anonymous.post().uri("/api/public/lead-forms/f1/submissions")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("email=lead%40example.com")
                .exchange()
                .expectStatus().isCreated();
    }

    @Test
    void operationsEndpointsAndApiDocsAreNotGuarded() {
        anonymous.get().uri("/actuator/health").exchange().expectStatus().isOk();
        anonymous.get().uri("/actuator/info").exchange().expectStatus().isOk();
        anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        // Not served by the gateway (yet): a 404, not a 401.
        anonymous.get().uri("/v3/api-docs").exchange().expectStatus().isNotFound();
    }

    @Test
    void otherActuatorEndpointsAreForAdminsOnly() {
        anonymous.get().uri("/actuator/metrics").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");

        for (String token : new String[] { IDENTITY.tokenFor(TestIdentity.EAST_MANAGER),
                IDENTITY.tokenFor(TestIdentity.EAST_REP), IDENTITY.clientToken("partner-ops", "events:read") }) {
            expectForbidden(as(token), "/actuator/metrics");
        }

        as(IDENTITY.tokenFor(TestIdentity.ADMIN)).get().uri("/actuator/metrics").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.names").isArray();
    }

    private static void expectForbidden(WebTestClient client, String path) {
        client.get().uri(path)
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, challenge -> assertThat(challenge)
                        .startsWith("Bearer error=\"insufficient_scope\""))
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://pulsecrm.io/problems/forbidden")
                .jsonPath("$.title").isEqualTo("Forbidden")
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.detail").isEqualTo("Your role does not allow GET " + path + ".")
                .jsonPath("$.instance").isEqualTo(path);
    }
}

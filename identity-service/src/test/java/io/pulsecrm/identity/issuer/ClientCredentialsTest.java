package io.pulsecrm.identity.issuer;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import io.pulsecrm.identity.IdentityServiceTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCredentialsTest extends IdentityServiceTestSupport {

    @Test
    void confidentialClientGetsAnApiTokenWithItsScopesAndNoRoles() throws Exception {
        HttpResponse<String> response = postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "contacts:read users:read"),
                "Authorization", basicAuth("partner-erp", "erp-secret"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> body = json(response);
        assertThat(body).containsEntry("token_type", "Bearer");
        JWTClaimsSet claims = verifiedClaims((String) body.get("access_token"));
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("partner-erp");
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getStringListClaim("scope")).containsExactlyInAnyOrder("contacts:read", "users:read");
        // no roles: that is what marks a partner application (docs/identity.md)
        assertThat(claims.getClaims()).doesNotContainKeys("roles", "team", "name", "email");
    }

    @Test
    void clientSecretPostWithoutScopeGetsEveryRegisteredScope() throws Exception {
        HttpResponse<String> response = postForm("/oauth2/token", Map.of(
                "grant_type", "client_credentials",
                "client_id", "partner-events",
                "client_secret", "events-secret"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JWTClaimsSet claims = verifiedClaims((String) json(response).get("access_token"));
        assertThat(claims.getSubject()).isEqualTo("partner-events");
        assertThat(claims.getStringListClaim("scope")).containsExactly("events:read");
    }

    @Test
    void scopeTheClientDoesNotHaveIsRefused() {
        HttpResponse<String> response = postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "scope", "contacts:write"),
                "Authorization", basicAuth("partner-erp", "erp-secret"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_scope");
    }

    @Test
    void wrongSecretOrUnknownClientIsUnauthorized() {
        HttpResponse<String> wrongSecret = postForm("/oauth2/token", Map.of("grant_type", "client_credentials"),
                "Authorization", basicAuth("partner-erp", "not-the-secret"));
        HttpResponse<String> unknownClient = postForm("/oauth2/token", Map.of("grant_type", "client_credentials"),
                "Authorization", basicAuth("nobody", "whatever"));

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(json(wrongSecret)).containsEntry("error", "invalid_client");
        assertThat(wrongSecret.body()).doesNotContain("access_token");
        assertThat(unknownClient.statusCode()).isEqualTo(401);
    }

    @Test
    void publicClientCannotUseClientCredentials() {
        HttpResponse<String> response = postForm("/oauth2/token",
                Map.of("grant_type", "client_credentials", "client_id", WEB_CLIENT));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("access_token");
    }
}

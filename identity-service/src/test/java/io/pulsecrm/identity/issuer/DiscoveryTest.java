package io.pulsecrm.identity.issuer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.pulsecrm.identity.IdentityServiceTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest extends IdentityServiceTestSupport {

    @Test
    void openIdConfigurationNamesTheConfiguredIssuer() {
        HttpResponse<String> response = get("/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> metadata = json(response);
        assertThat(metadata).containsEntry("issuer", ISSUER)
                .containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
                .containsEntry("token_endpoint", ISSUER + "/oauth2/token")
                .containsEntry("authorization_endpoint", ISSUER + "/oauth2/authorize");
    }

    @Test
    void jwkSetPublishesOnlyThePublicSigningKey() {
        Map<String, Object> jwks = json(get("/oauth2/jwks"));

        assertThat(jwks.get("keys")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement()
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("kty", "RSA")
                .containsKeys("kid", "n", "e")
                .doesNotContainKeys("d", "p", "q");
    }

    @Test
    void browserAppsMayCallTheTokenEndpointFromTheOriginOfTheirRedirectUri() {
        HttpResponse<String> ownOrigin = send(preflight("/oauth2/token", "http://127.0.0.1:5999"));
        HttpResponse<String> otherOrigin = send(preflight("/oauth2/token", "http://evil.example"));

        assertThat(ownOrigin.statusCode()).isEqualTo(200);
        assertThat(ownOrigin.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:5999");
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(otherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void aLoopbackRedirectUriAllowsItsHostOnAnyPortAsTheServerMatchesItsRedirects() {
        // RFC 8252 §7.3: the web app served by a gateway on 127.0.0.1 gets its port at run time
        HttpResponse<String> otherPort = send(preflight("/oauth2/token", "http://127.0.0.1:41234"));
        HttpResponse<String> otherHost = send(preflight("/oauth2/token", "http://127.0.0.2:5999"));

        assertThat(otherPort.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:41234");
        assertThat(otherHost.statusCode()).isEqualTo(403);
        assertThat(ClientOrigins.origin("http://localhost:5173/login/callback")).isEqualTo("http://localhost:5173");
        assertThat(ClientOrigins.origin("http://127.0.0.1:8080/login/callback")).isEqualTo("http://127.0.0.1:[*]");
        assertThat(ClientOrigins.origin("not a uri")).isNull();
    }

    private HttpRequest preflight(String path, String origin) {
        return HttpRequest.newBuilder(URI.create(url(path)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .build();
    }

    @Test
    void probesAndMetricsNeedNoToken() {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("application=\"identity-service\"");
    }
}

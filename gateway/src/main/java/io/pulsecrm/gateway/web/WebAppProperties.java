package io.pulsecrm.gateway.web;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway serves the web app ({@code web/}, packaged under {@code pulse-web/} on the classpath) and what the
 * app is told at {@code /app-config.json}: the one build of the app runs in every deployment.
 *
 * @param issuer the OIDC issuer people sign in with, as the browser reaches it (defaults to the issuer whose tokens
 * the gateway accepts; differs only when the browser and the gateway see the issuer under different names)
 * @param clientId the app's public OIDC client (authorization code + PKCE)
 * @param scope the scopes the app asks for
 * @param apiDocs the services whose OpenAPI documents the aggregated Swagger UI lists (route ids)
 */
@ConfigurationProperties("pulse.gateway.web")
public record WebAppProperties(
        URI issuer,
        @DefaultValue("pulse-web") String clientId,
        @DefaultValue("openid profile email") String scope,
        @DefaultValue({ "contacts", "deals", "tasks", "automation", "notification" }) List<String> apiDocs) {

    public WebAppProperties {
        if (issuer == null || !issuer.isAbsolute() || issuer.getHost() == null) {
            throw new IllegalArgumentException("pulse.gateway.web.issuer must be an absolute URL, was " + issuer);
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("pulse.gateway.web.client-id must not be blank");
        }
        apiDocs = apiDocs == null ? List.of() : List.copyOf(apiDocs);
    }

    /** The issuer's origin, which the app talks to from the browser (discovery, token endpoint). */
    public String issuerOrigin() {
        return issuer.getScheme() + "://" + issuer.getHost() + (issuer.getPort() == -1 ? "" : ":" + issuer.getPort());
    }
}

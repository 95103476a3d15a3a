package io.pulsecrm.identity;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the local issuer ({@code pulse.identity.*}).
 *
 * @param mode                     {@code issuer}: the demo OIDC issuer and the users API; {@code directory}: the users
 *                                 API alone, for deployments whose people sign in with their own identity provider
 * @param directoryFile            the users directory YAML (docs/identity.md); required
 * @param directoryRefreshInterval how often the directory file is checked for changes
 * @param issuerUrl                the {@code iss} of every token: this issuer's own, or in {@code directory} mode the
 *                                 identity provider's, whose tokens the users API accepts
 * @param audience                 the {@code aud} of every access token
 * @param accessTokenTtl           access token lifetime unless the client's directory entry sets its own
 * @param keyFile                  where the RSA signing key (a JWK) is kept across restarts; a fresh key per
 *                                 start when absent, which invalidates every token issued before
 */
@ConfigurationProperties("pulse.identity")
public record IdentityProperties(
        @DefaultValue("issuer") Mode mode,
        Path directoryFile,
        @DefaultValue("2s") Duration directoryRefreshInterval,
        @DefaultValue("http://127.0.0.1:9000") String issuerUrl,
        @DefaultValue("pulse-api") String audience,
        @DefaultValue("15m") Duration accessTokenTtl,
        Path keyFile) {

    /** What this service is in a deployment. */
    public enum Mode {
        /** The demo issuer (sign-in, tokens) and the users API: the local runner, trials. */
        ISSUER,
        /** Only the users API, validating the tokens of the organisation's own identity provider. */
        DIRECTORY
    }

    public IdentityProperties {
        if (directoryFile == null) {
            throw new IllegalArgumentException("pulse.identity.directory-file is required: the users directory YAML "
                    + "(docs/identity.md), e.g. PULSE_IDENTITY_DIRECTORY_FILE=deploy/all-in-one/identity/directory.yaml");
        }
        if (issuerUrl == null || !issuerUrl.matches("https?://[^\\s]+")) {
            throw new IllegalArgumentException("pulse.identity.issuer-url must be an http(s) URL, got " + issuerUrl);
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("pulse.identity.audience must not be blank");
        }
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("pulse.identity.access-token-ttl must be positive, got " + accessTokenTtl);
        }
        // the issuer is compared character by character with the iss claim: one canonical form
        issuerUrl = issuerUrl.endsWith("/") ? issuerUrl.substring(0, issuerUrl.length() - 1) : issuerUrl;
    }
}

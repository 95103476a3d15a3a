package io.pulsecrm.platform.identity;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An application registered with the local issuer: a partner system (client credentials with scopes) or a
 * web client (authorization code with PKCE, no secret). Production providers keep their own registrations.
 *
 * @param accessTokenTtl how long its access tokens live; the issuer's default when absent
 * @param postLogoutRedirectUris where a web client may send people after signing out (OIDC RP-initiated logout)
 */
public record PartnerClient(String id, @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String secret, List<String> grants, List<String> scopes,
                            List<String> redirectUris, Duration accessTokenTtl, List<String> postLogoutRedirectUris) {

    public PartnerClient {
        grants = grants == null ? List.of() : List.copyOf(grants);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
        postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
    }

    public PartnerClient(String id, String secret, List<String> grants, List<String> scopes, List<String> redirectUris,
            Duration accessTokenTtl) {
        this(id, secret, grants, scopes, redirectUris, accessTokenTtl, List.of());
    }

    /** A client without a secret is public and must use PKCE. */
    @JsonIgnore
    public boolean isPublic() {
        return secret == null || secret.isBlank();
    }
}

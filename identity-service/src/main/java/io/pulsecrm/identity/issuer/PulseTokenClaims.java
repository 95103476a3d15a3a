package io.pulsecrm.identity.issuer;

import java.util.List;

import io.pulsecrm.identity.IdentityProperties;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Member;
import io.pulsecrm.platform.identity.Role;
import io.pulsecrm.platform.identity.UserDirectory;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * The Pulse claims (docs/identity.md, "Tokens"). Access tokens are for the Pulse API, so their audience is the
 * API's, not the client's. A user's access token carries {@code roles}; a client's carries only its scopes, and
 * that absence is how services tell a partner application from a person.
 */
@Component
final class PulseTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String NAME_CLAIM = "name";
    static final String EMAIL_CLAIM = "email";

    private final UserDirectory directory;
    private final String audience;

    PulseTokenClaims(UserDirectory directory, IdentityProperties properties) {
        this.directory = directory;
        this.audience = properties.audience();
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (accessToken) {
            context.getClaims().audience(List.of(audience));
        }
        if ((!accessToken && !idToken) || issuedToClient(context)) {
            return;
        }
        String userId = context.getPrincipal().getName();
        // read at every issue (refreshes included), so a role change applies to the next token
        Member member = directory.find(userId).orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(
                OAuth2ErrorCodes.INVALID_GRANT, "user " + userId + " is no longer in the directory", null)));
        context.getClaims().claims(claims -> {
            if (accessToken) {
                // always present, even empty: a token without roles would pass for a client's
                claims.put(Caller.ROLES_CLAIM, member.roles().stream()
                        .map(role -> Role.fromClaim(role).map(Role::claimValue).orElse(role))
                        .toList());
                if (member.team() != null) {
                    claims.put(Caller.TEAM_CLAIM, member.team());
                }
            }
            if (member.name() != null) {
                claims.put(NAME_CLAIM, member.name());
            }
            if (member.email() != null) {
                claims.put(EMAIL_CLAIM, member.email());
            }
        });
    }

    private static boolean issuedToClient(JwtEncodingContext context) {
        return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
                || context.getPrincipal() instanceof OAuth2ClientAuthenticationToken;
    }
}

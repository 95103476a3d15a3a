package io.pulsecrm.identity.users;


import io.pulsecrm.identity.IdentityProperties;
import io.pulsecrm.platform.web.Problems;
import io.pulsecrm.platform.identity.Caller;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;


import static org.springframework.security.config.Customizer.withDefaults;

/**
 * {@code /api/**} is a resource server for this issuer's own access tokens, like any Pulse service: every user
 * may read the directory, a partner application needs the {@code users:read} scope.
 */
@Configuration(proxyBeanMethods = false)
class UsersApiSecurity {

    static final String READ_SCOPE = "users:read";

    /** Between the issuer's endpoints (1) and the catch-all login chain (3). */
    @Bean
    @Order(2)
    SecurityFilterChain usersApiFilterChain(HttpSecurity http, IdentityProperties properties) {
        // the bearer-token handlers set the status and WWW-Authenticate; the body is an RFC 9457 problem
        BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
        BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();
        AuthenticationEntryPoint unauthorized = (request, response, exception) -> {
            bearerEntryPoint.commence(request, response, exception);
            String detail = exception instanceof InvalidBearerTokenException invalid
                    ? invalid.getMessage() : "A valid bearer token is required";
            Problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Unauthenticated", detail));
        };
        AccessDeniedHandler forbidden = (request, response, exception) -> {
            bearerAccessDenied.handle(request, response, exception);
            Problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "A client needs the " + READ_SCOPE + " scope"));
        };
        // the 401's WWW-Authenticate names the RFC 9728 metadata document, served by this chain too
        http.securityMatcher("/api/**", "/.well-known/oauth-protected-resource/**")
                .authorizeHttpRequests(authorize -> authorize.anyRequest().access(usersOrReaders()))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(withDefaults())
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(resource -> resource
                                .authorizationServer(properties.issuerUrl())
                                .scope(READ_SCOPE)
                                .tlsClientCertificateBoundAccessTokens(false)))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                // bearer tokens only: no session, no cookie, so no CSRF to guard against
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> usersOrReaders() {
        return (authentication, request) -> {
            if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
                return new AuthorizationDecision(false);
            }
            Caller caller = Caller.fromClaims(token.getTokenAttributes());
            return new AuthorizationDecision(caller.isUser() || caller.hasScope(READ_SCOPE));
        };
    }
}

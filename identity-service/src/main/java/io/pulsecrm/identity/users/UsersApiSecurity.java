package io.pulsecrm.identity.users;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pulsecrm.identity.IdentityProperties;
import io.pulsecrm.platform.identity.Caller;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
    SecurityFilterChain usersApiFilterChain(HttpSecurity http, JsonMapper json, IdentityProperties properties) {
        // the bearer-token handlers set the status and WWW-Authenticate; the body is an RFC 9457 problem
        BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
        BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();
        AuthenticationEntryPoint unauthorized = (request, response, exception) -> {
            bearerEntryPoint.commence(request, response, exception);
            String detail = exception instanceof InvalidBearerTokenException invalid
                    ? invalid.getMessage() : "A valid bearer token is required";
            writeProblem(json, request, response, HttpStatus.UNAUTHORIZED, detail);
        };
        AccessDeniedHandler forbidden = (request, response, exception) -> {
            bearerAccessDenied.handle(request, response, exception);
            writeProblem(json, request, response, HttpStatus.FORBIDDEN, "A client needs the " + READ_SCOPE + " scope");
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

    private static void writeProblem(JsonMapper json, HttpServletRequest request, HttpServletResponse response,
                                     HttpStatus status, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}

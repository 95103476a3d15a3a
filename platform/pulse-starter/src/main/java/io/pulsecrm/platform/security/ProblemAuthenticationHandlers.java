package io.pulsecrm.platform.security;

import java.io.IOException;

import io.pulsecrm.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem documents, keeping the RFC 6750 {@code WWW-Authenticate: Bearer} header that tells a
 * client whether to fetch a new token.
 */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearerEntryPoint.commence(request, response, e);
        String detail = request.getHeader("Authorization") == null
                ? "This operation needs a bearer access token"
                : "The access token was rejected: " + e.getMessage();
        Problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearerDenied.handle(request, response, e);
        Problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Your role or scopes do not allow " + request.getMethod() + " " + request.getRequestURI()));
    }
}

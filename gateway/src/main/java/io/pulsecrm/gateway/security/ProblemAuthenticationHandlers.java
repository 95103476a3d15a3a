package io.pulsecrm.gateway.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.pulsecrm.gateway.problem.ProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * 401 and 403 as problem+json, with the RFC 6750 {@code WWW-Authenticate: Bearer ...} challenge that tells a
 * client whether to fetch a new token ({@code error="invalid_token"}) or to stop asking
 * ({@code error="insufficient_scope"}). Spring's own bearer handlers set the same header but answer with an
 * empty body, which would break the "every error is a problem document" rule of the API.
 */
@Component
class ProblemAuthenticationHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    static final String UNAUTHENTICATED_TYPE = "unauthenticated";
    static final String FORBIDDEN_TYPE = "forbidden";
    private static final String RFC_6750_ERRORS = "https://tools.ietf.org/html/rfc6750#section-3.1";

    private final ProblemResponses problems;

    ProblemAuthenticationHandlers(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        Map<String, String> challenge = new LinkedHashMap<>();
        HttpStatus status = HttpStatus.UNAUTHORIZED;
        String detail = "This operation needs a bearer access token.";
        if (failure instanceof OAuth2AuthenticationException oauth) {
            OAuth2Error error = oauth.getError();
            challenge.put("error", error.getErrorCode());
            if (error.getDescription() != null) {
                challenge.put("error_description", error.getDescription());
            }
            challenge.put("error_uri", error.getUri() != null ? error.getUri() : RFC_6750_ERRORS);
            // e.g. 400 invalid_request when a token comes both in the header and as a parameter
            if (error instanceof BearerTokenError bearer) {
                status = bearer.getHttpStatus();
            }
            detail = "The access token was rejected: "
                    + (error.getDescription() != null ? error.getDescription() : error.getErrorCode()) + ".";
        }
        ProblemDetail problem = ProblemResponses.problem(status, UNAUTHENTICATED_TYPE,
                status == HttpStatus.UNAUTHORIZED ? "Unauthenticated" : status.getReasonPhrase(), detail);
        return problems.write(exchange, problem,
                headers -> headers.set(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge(challenge)));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        Map<String, String> challenge = new LinkedHashMap<>();
        challenge.put("error", BearerTokenErrorCodes.INSUFFICIENT_SCOPE);
        challenge.put("error_description", "The request requires higher privileges than provided by the access token.");
        challenge.put("error_uri", RFC_6750_ERRORS);
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.FORBIDDEN, FORBIDDEN_TYPE, "Forbidden",
                "Your role does not allow " + exchange.getRequest().getMethod() + " "
                        + exchange.getRequest().getPath().value() + ".");
        return problems.write(exchange, problem,
                headers -> headers.set(HttpHeaders.WWW_AUTHENTICATE, bearerChallenge(challenge)));
    }

    /** {@code Bearer} alone when no token was sent (RFC 6750 §3.1), otherwise with the error parameters. */
    static String bearerChallenge(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return "Bearer";
        }
        return "Bearer " + parameters.entrySet().stream()
                .map(parameter -> parameter.getKey() + "=\"" + quotable(parameter.getValue()) + "\"")
                .collect(Collectors.joining(", "));
    }

    /** Token-validation messages end up inside a quoted-string: no quotes, backslashes or control characters. */
    private static String quotable(String value) {
        return value.replaceAll("[\"\\\\\\p{Cntrl}]", "'");
    }
}

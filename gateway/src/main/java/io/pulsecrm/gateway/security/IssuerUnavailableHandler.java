package io.pulsecrm.gateway.security;

import io.pulsecrm.gateway.fallback.ServiceUnavailableProblems;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * When the token issuer's discovery document or keys cannot be fetched, the token cannot be checked
 * either way: that is the issuer being unavailable, answered like any unavailable service (503 problem+json,
 * {@code "service": "issuer"}), not the framework's 500. Spring Security signals it with an
 * {@link AuthenticationServiceException} (a bad token is an {@code InvalidBearerTokenException}, 401, instead).
 * The keys are fetched again on the next request, so the gateway recovers on its own.
 */
@Component
class IssuerUnavailableHandler implements WebExceptionHandler, Ordered {

    static final String SERVICE = "issuer";

    private final ServiceUnavailableProblems problems;
    private final JsonMapper json;

    IssuerUnavailableHandler(ServiceUnavailableProblems problems, JsonMapper json) {
        this.problems = problems;
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (!isIssuerFailure(failure) || response.isCommitted()) {
            return Mono.error(failure);
        }
        ResponseEntity<ProblemDetail> answer = problems.answer(exchange, SERVICE, failure);
        response.setStatusCode(answer.getStatusCode());
        response.getHeaders().putAll(answer.getHeaders());
        byte[] body = json.writeValueAsBytes(answer.getBody());
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    static boolean isIssuerFailure(Throwable failure) {
        return failure instanceof AuthenticationServiceException || failure instanceof JwtDecoderInitializationException;
    }

    /** Before Spring Boot's error handler (order -1), which would answer 500. */
    @Override
    public int getOrder() {
        return -2;
    }
}

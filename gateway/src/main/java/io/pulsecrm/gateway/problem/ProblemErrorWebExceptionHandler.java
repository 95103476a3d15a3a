package io.pulsecrm.gateway.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's answer to any failure no filter or controller answered itself (a malformed request Spring
 * rejects, a route that fails before reaching its service): problem+json like every other error of the
 * platform, instead of Spring Boot's own error JSON. Replaces Boot's handler, at its place (order -1, after
 * the issuer-unavailable handler).
 */
@Component
@Order(-1)
public class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

    private final ProblemResponses problems;

    public ProblemErrorWebExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        HttpStatusCode status = failure instanceof ErrorResponse error ? error.getStatusCode()
                : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status.is5xxServerError()) {
            log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), failure);
        }
        ProblemDetail problem = problemFor(status, failure);
        exchange.getResponse().getHeaders().clearContentHeaders();
        return problems.write(exchange, problem, headers -> {
            if (failure instanceof ErrorResponse error) {
                error.getHeaders().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                        headers.put(name, values);
                    }
                });
            }
        });
    }

    /** Says what went wrong from the caller's side; never the exception's own message, which names internals. */
    private static ProblemDetail problemFor(HttpStatusCode status, Throwable failure) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String title = known == null ? "Error" : known.getReasonPhrase();
        if (status.is5xxServerError()) {
            return ProblemResponses.problem(HttpStatus.valueOf(status.value()), "internal", "Internal error",
                    "The gateway failed to handle this request; it has been logged.");
        }
        String detail = status.value() == 404 ? "Nothing is found at this path."
                : failure instanceof ErrorResponse error && error.getBody().getDetail() != null
                ? error.getBody().getDetail() : title + ".";
        return ProblemResponses.problem(status.value(), status.value() == 400 ? "malformed-request"
                : "http-" + status.value(), title, detail);
    }
}

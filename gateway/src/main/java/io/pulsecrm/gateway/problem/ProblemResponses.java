package io.pulsecrm.gateway.problem;

import java.net.URI;
import java.util.function.Consumer;

import io.pulsecrm.gateway.requestid.RequestIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the gateway's own RFC 9457 answers from web filters (401, 403, 429), which run before any
 * controller and so cannot rely on Spring's problem-details handling. Same shape as the 503 fallback:
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, plus {@code requestId}.
 */
@Component
public class ProblemResponses {

    /** Prefix of problem types, the same as the services' (platform {@code Problems}): one vocabulary for clients. */
    public static final String TYPE_PREFIX = "https://pulsecrm.io/problems/";

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail problem(HttpStatus status, String typeSlug, String title, String detail) {
        return problem(status.value(), typeSlug, title, detail);
    }

    public static ProblemDetail problem(int status, String typeSlug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setDetail(detail);
        problem.setType(URI.create(TYPE_PREFIX + typeSlug));
        problem.setTitle(title);
        return problem;
    }

    /** The request path as the problem's {@code instance}, or none when it is not a valid URI reference. */
    static URI instance(String path) {
        try {
            return URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    /** Answers the exchange with the problem; {@code headers} adds e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
    public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, Consumer<HttpHeaders> headers) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        problem.setInstance(instance(exchange.getRequest().getPath().value()));
        String requestId = exchange.getAttribute(RequestIds.REQUEST_ID_ATTRIBUTE);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        response.setStatusCode(org.springframework.http.HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.accept(response.getHeaders());
        byte[] body = json.writeValueAsBytes(problem);
        response.getHeaders().setContentLength(body.length);
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}

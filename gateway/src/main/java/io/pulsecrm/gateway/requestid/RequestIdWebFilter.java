package io.pulsecrm.gateway.requestid;

import static io.pulsecrm.gateway.requestid.RequestIds.CORRELATION_ID_HEADER;
import static io.pulsecrm.gateway.requestid.RequestIds.REQUEST_ID_ATTRIBUTE;
import static io.pulsecrm.gateway.requestid.RequestIds.REQUEST_ID_HEADER;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every request an {@code X-Request-Id} and {@code X-Correlation-Id}: kept when the client sent
 * valid ones, generated otherwise, forwarded to the downstream service and echoed on the response.
 *
 * <p>This is a {@link WebFilter} rather than a gateway {@code GlobalFilter} on purpose: global filters
 * only run for requests that matched a route, while the ids must also be on the gateway's own answers
 * (404 for unknown paths, CORS rejections, actuator). The response headers are set just before the
 * response is committed so they replace whatever the downstream service echoed (no duplicates) and
 * survive the circuit-breaker fallback, which resets the exchange.
 */
@Component
public class RequestIdWebFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RequestIdWebFilter.class);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders incoming = exchange.getRequest().getHeaders();
        String requestId = accept(REQUEST_ID_HEADER, incoming.getFirst(REQUEST_ID_HEADER), RequestIds.newId());
        String correlationId = accept(CORRELATION_ID_HEADER, incoming.getFirst(CORRELATION_ID_HEADER), requestId);

        ServerWebExchange stamped = exchange.mutate()
                .request(request -> request.headers(headers -> {
                    headers.set(REQUEST_ID_HEADER, requestId);
                    headers.set(CORRELATION_ID_HEADER, correlationId);
                }))
                .build();
        stamped.getAttributes().put(REQUEST_ID_ATTRIBUTE, requestId);
        stamped.getResponse().beforeCommit(() -> {
            HttpHeaders outgoing = stamped.getResponse().getHeaders();
            outgoing.set(REQUEST_ID_HEADER, requestId);
            outgoing.set(CORRELATION_ID_HEADER, correlationId);
            return Mono.empty();
        });
        return chain.filter(stamped);
    }

    private static String accept(String header, String candidate, String replacement) {
        if (candidate == null) {
            return replacement;
        }
        if (RequestIds.isValid(candidate)) {
            return candidate;
        }
        log.debug("Replacing invalid {} header ({} chars)", header, candidate.length());
        return replacement;
    }

    /** First, so that everything after it (routing, CORS, error handling, logging) sees the ids. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

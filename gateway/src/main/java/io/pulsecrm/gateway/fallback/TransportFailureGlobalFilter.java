package io.pulsecrm.gateway.fallback;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.net.ConnectException;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes without a circuit breaker (streamed uploads) get the same 503 problem+json as the others when their
 * service cannot be reached or times out, instead of the framework's 500. Routes with a breaker never
 * reach this: their breaker turns those failures into its fallback first.
 */
@Component
class TransportFailureGlobalFilter implements GlobalFilter, Ordered {

    private final ServiceUnavailableProblems problems;
    private final JsonMapper json;

    TransportFailureGlobalFilter(ServiceUnavailableProblems problems, JsonMapper json) {
        this.problems = problems;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).onErrorResume(
                failure -> isTransportFailure(failure) && !exchange.getResponse().isCommitted(),
                failure -> {
                    Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
                    ResponseEntity<ProblemDetail> answer = problems.answer(exchange,
                            route == null ? "unknown" : route.getId(), failure);
                    var response = exchange.getResponse();
                    response.setStatusCode(answer.getStatusCode());
                    response.getHeaders().putAll(answer.getHeaders());
                    byte[] body = json.writeValueAsBytes(answer.getBody());
                    return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
                });
    }

    private static boolean isTransportFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || UnavailabilityReason.classify(t) == UnavailabilityReason.TIMEOUT) {
                return true;
            }
        }
        return false;
    }

    /** Outside the route filters, so a breaker (a route filter) handles failures of its route first. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1000;
    }
}

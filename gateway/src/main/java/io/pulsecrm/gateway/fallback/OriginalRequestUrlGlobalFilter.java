package io.pulsecrm.gateway.fallback;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Remembers the URL the client asked for before the circuit breaker forwards a failed request to the
 * fallback handler, which otherwise only sees its own internal path. Stored in the gateway's standard
 * {@code GATEWAY_ORIGINAL_REQUEST_URL_ATTR}, so path-rewriting filters add to it instead of losing it.
 */
@Component
class OriginalRequestUrlGlobalFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerWebExchangeUtils.addOriginalRequestUrl(exchange, exchange.getRequest().getURI());
        return chain.filter(exchange);
    }

    /** Before the route's circuit breaker filter. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}

package io.pulsecrm.gateway.routing;

import java.net.ConnectException;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.PrematureCloseException;
import reactor.util.retry.Retry;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code InstanceFailover} route filter: when the instance the load balancer picked fails before answering, the request
 * goes to another instance, up to one try per instance of the service (its {@code url} list):
 *
 * <ul>
 * <li><b>connection refused</b> (or not established in time): the request never reached the instance, so it is sent
 * again whatever its method;</li>
 * <li><b>connection closed before an answer</b> (the instance died mid-request): the request may have been applied,
 * so it is sent again only when its method is idempotent ({@link #IDEMPOTENT}); a POST or PATCH is answered 503 and
 * the client retries it with its {@code Idempotency-Key} or {@code If-Match}.</li>
 * </ul>
 *
 * Answers, whatever their status, and timeouts are never retried: the instance did answer, or may still be working.
 * Placed inside the route's circuit breaker, so the breaker counts the outcome after failover: one dead replica does not
 * open it while another serves. The gateway's stock {@code Retry} filter has one method list for every failure and
 * retries answered 5xx by default, hence this filter.
 */
@Component
public class InstanceFailoverGatewayFilterFactory
        extends AbstractGatewayFilterFactory<InstanceFailoverGatewayFilterFactory.Config> {

    /** RFC 9110 §9.2.2; with these the service's answer is the same however often the request arrives. */
    static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private static final Logger log = LoggerFactory.getLogger(InstanceFailoverGatewayFilterFactory.class);

    private final PulseGatewayProperties properties;

    public InstanceFailoverGatewayFilterFactory(PulseGatewayProperties properties) {
        super(Config.class);
        this.properties = properties;
    }

    @Override
    public GatewayFilter apply(Config config) {
        String routeId = config.getRouteId();
        PulseGatewayProperties.DownstreamService service = routeId == null ? null : properties.services().get(routeId);
        int instances = service == null ? 1 : service.urls().size();
        if (instances < 2) {
            // one URL: something else balances behind it (a Kubernetes Service); nothing to fail over to here
            return (exchange, chain) -> chain.filter(exchange);
        }
        // a retried request is sent again from the gateway's copy of its body
        enableBodyCaching(routeId);
        return (exchange, chain) -> chain.filter(exchange)
                .retryWhen(Retry.max(instances - 1)
                        .filter(failure -> mayRetry(exchange, failure))
                        .doBeforeRetry(retry -> {
                            log.info("{} {} failed on one {} instance ({}); trying another",
                                    exchange.getRequest().getMethod(), exchange.getRequest().getPath(), routeId,
                                    retry.failure().toString());
                            // forget the instance picked last time: the route's lb:// URL is resolved again
                            ServerWebExchangeUtils.reset(exchange);
                        })
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
    }

    private static boolean mayRetry(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return false;
        }
        if (causedBy(failure, ConnectException.class)) {
            return true;
        }
        return causedBy(failure, PrematureCloseException.class) && IDEMPOTENT.contains(exchange.getRequest().getMethod());
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** No settings: the number of tries follows the service's instances. */
    public static class Config implements HasRouteId {

        private @Nullable String routeId;

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public @Nullable String getRouteId() {
            return routeId;
        }
    }
}

package io.pulsecrm.gateway.fallback;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Target of every route's circuit-breaker {@code fallbackUri}: turns "the service did not answer" into
 * a 503 {@code application/problem+json}. Answers from a service, including its 4xx and 5xx, never get
 * here; they pass through unchanged.
 *
 * <p>The gateway forwards here with the original method, so the mapping accepts every method. The
 * service name is the id of the route that failed (route id = circuit breaker name = service key in
 * {@code pulse.gateway.services}); a request that did not come through a route gets a 404.
 */
@RestController
public class ServiceUnavailableFallbackController {

    /** Referenced by the routes' CircuitBreaker filters in application.yml. */
    public static final String PATH = "/__gateway/fallback";
    static final String TITLE = ServiceUnavailableProblems.TITLE;

    private final ServiceUnavailableProblems problems;

    public ServiceUnavailableFallbackController(ServiceUnavailableProblems problems) {
        this.problems = problems;
    }

    @RequestMapping(PATH)
    public ResponseEntity<ProblemDetail> serviceUnavailable(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        if (route == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return problems.answer(exchange, route.getId(), exchange.getAttribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR));
    }
}

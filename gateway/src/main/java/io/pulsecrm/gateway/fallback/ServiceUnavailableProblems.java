package io.pulsecrm.gateway.fallback;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.pulsecrm.gateway.requestid.RequestIds;
import io.pulsecrm.gateway.routing.PulseGatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** The 503 problem+json answered when a service could not be reached, timed out, or its breaker is open. */
@Component
public class ServiceUnavailableProblems {

    static final String TITLE = "Service unavailable";
    private static final Logger log = LoggerFactory.getLogger(ServiceUnavailableProblems.class);

    private final URI problemType;
    private final ObjectProvider<CircuitBreakerRegistry> circuitBreakers;

    public ServiceUnavailableProblems(PulseGatewayProperties properties, ObjectProvider<CircuitBreakerRegistry> circuitBreakers) {
        this.problemType = properties.fallback().problemType();
        this.circuitBreakers = circuitBreakers;
    }

    public ResponseEntity<ProblemDetail> answer(ServerWebExchange exchange, String service, Throwable failure) {
        UnavailabilityReason reason = UnavailabilityReason.classify(failure);
        String path = originalPath(exchange);
        // An open breaker rejects every request until it probes again; its state changes are logged
        // once by CircuitBreakerEventLogging instead of once per rejected request here.
        if (reason == UnavailabilityReason.CIRCUIT_OPEN) {
            log.debug("{} {} rejected: {} circuit breaker is open", exchange.getRequest().getMethod(), path, service);
        } else {
            log.warn("{} {} -> {} service unavailable ({}): {}", exchange.getRequest().getMethod(), path, service,
                    reason.code(), failure == null ? "no exception recorded" : failure.toString());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, reason.detail(service));
        problem.setType(problemType);
        problem.setTitle(TITLE);
        problem.setInstance(URI.create(path));
        problem.setProperty("service", service);
        problem.setProperty("reason", reason.code());
        String requestId = exchange.getAttribute(RequestIds.REQUEST_ID_ATTRIBUTE);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        retryAfter(service).ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
        return response.body(problem);
    }

    /** The client's path, not the internal forward target of a fallback. */
    private static String originalPath(ServerWebExchange exchange) {
        Set<URI> originals = exchange.getAttribute(GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
        if (originals != null && !originals.isEmpty()) {
            return originals.iterator().next().getRawPath();
        }
        return exchange.getRequest().getPath().value();
    }

    /** Tells clients to come back when the breaker will next let a probe through. */
    private Optional<Long> retryAfter(String service) {
        return Optional.ofNullable(circuitBreakers.getIfAvailable())
                .flatMap(registry -> registry.find(service))
                .map(breaker -> breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
                .map(millis -> Math.max(1L, (millis + 999) / 1000));
    }
}

package io.pulsecrm.gateway.fallback;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Why a downstream call did not produce an answer, told apart so the problem detail (and the log)
 * says something useful. All of them are answered with 503: to the client the service is unavailable
 * and retrying later is the right move, whatever the cause.
 */
enum UnavailabilityReason {

    /** The breaker is open: the gateway did not even try, to give the service room to recover. */
    CIRCUIT_OPEN("circuit-open", "The %s service is temporarily unavailable; requests are paused while it recovers."),

    /** The service accepted the connection but did not start answering within the route's response timeout. */
    TIMEOUT("timeout", "The %s service did not respond in time."),

    /** Connection refused or reset, unknown host, or any other transport failure. */
    UNREACHABLE("unreachable", "The %s service could not be reached.");

    private final String code;

    private final String detailFormat;

    UnavailabilityReason(String code, String detailFormat) {
        this.code = code;
        this.detailFormat = detailFormat;
    }

    String code() {
        return code;
    }

    String detail(String service) {
        return detailFormat.formatted(service);
    }

    /** Walks the cause chain: the gateway wraps its own timeouts, reactor-netty wraps connect errors. */
    static UnavailabilityReason classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CallNotPermittedException) {
                return CIRCUIT_OPEN;
            }
            if (isTimeout(t)) {
                return TIMEOUT;
            }
        }
        return UNREACHABLE;
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof java.util.concurrent.TimeoutException
                || t instanceof org.springframework.cloud.gateway.support.TimeoutException
                || t instanceof io.netty.handler.timeout.TimeoutException
                || (t instanceof ResponseStatusException rse && rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value());
    }
}

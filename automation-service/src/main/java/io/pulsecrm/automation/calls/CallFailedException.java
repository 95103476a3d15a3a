package io.pulsecrm.automation.calls;

/**
 * A call that did not get a usable answer. {@code refused}: the service answered that the request is wrong (a 4xx
 * other than 408/409/429), so it had no effect and repeating it cannot help; otherwise an outage (connection
 * failure, timeout, 5xx, 429, open circuit breaker) that retries may overcome.
 */
public class CallFailedException extends RuntimeException {

    private final boolean refused;
    private final int attempts;

    public CallFailedException(String message, boolean refused, int attempts, Throwable cause) {
        super(message, cause);
        this.refused = refused;
        this.attempts = attempts;
    }

    public boolean refused() {
        return refused;
    }

    public int attempts() {
        return attempts;
    }
}

package io.pulsecrm.automation.calls;

/** One attempt failed in a way worth retrying (connection, timeout, 5xx, 429, a conflict that a re-read resolves). */
public class TransientCallException extends RuntimeException {

    public TransientCallException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientCallException(String message) {
        super(message);
    }
}

package io.pulsecrm.deploy;

/** The platform cannot be started at all (busy ports, infrastructure failure); the message says why. */
public final class StartupException extends RuntimeException {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    public StartupException(String message) {
        super(message);
    }
}

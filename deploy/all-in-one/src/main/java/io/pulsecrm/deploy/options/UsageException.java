package io.pulsecrm.deploy.options;

/** The command line or environment asks for something the launcher cannot do; the message says what. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}

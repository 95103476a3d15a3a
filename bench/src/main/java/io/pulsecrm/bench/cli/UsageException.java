package io.pulsecrm.bench.cli;

/** The command line asks for something the bench cannot do; the message says what. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}

package io.pulsecrm.platform.security;

/** The caller is known and may see the record, but not do this to it: answered with 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}

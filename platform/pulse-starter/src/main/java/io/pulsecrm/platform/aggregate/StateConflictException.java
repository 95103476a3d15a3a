package io.pulsecrm.platform.aggregate;

/**
 * A well-formed change that the aggregate's current state does not allow (completing a cancelled task,
 * winning a lost deal): answered as 409 with the reason.
 */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }
}

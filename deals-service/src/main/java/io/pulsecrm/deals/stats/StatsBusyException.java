package io.pulsecrm.deals.stats;

/** A deal's statistics are being updated by another replica (or this update took too long); retrying later is right. */
public class StatsBusyException extends RuntimeException {

    public StatsBusyException(String message) {
        super(message);
    }
}

package io.pulsecrm.platform.aggregate;

/** The caller changed an aggregate from a stale version: answered as 409 Conflict. */
public class VersionConflictException extends RuntimeException {

    private final Long currentVersion;

    public VersionConflictException(String aggregate, String id, long expectedVersion, Long currentVersion) {
        super(aggregate + " " + id + " is at version " + currentVersion + ", not " + expectedVersion
                + "; reload it and apply your change again");
        this.currentVersion = currentVersion;
    }

    public Long currentVersion() {
        return currentVersion;
    }
}

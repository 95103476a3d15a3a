package io.pulsecrm.contacts.duplicates;

import java.util.List;

/**
 * The unique values a record write claimed ({@link DuplicateDetector#reserveContact}). {@link #commit()} once the
 * record is stored: the values the record no longer holds are released. Closing an uncommitted reservation (the write
 * failed: a version conflict, a validation error) releases the values it claimed, so nothing stays blocked.
 */
public final class KeyReservation implements AutoCloseable {

    private final KeyClaims claims;
    private final String recordId;
    private final List<KeyClaims.Key> claimed;
    private final List<KeyClaims.Key> dropped;
    private boolean committed;

    KeyReservation(KeyClaims claims, String recordId, List<KeyClaims.Key> claimed, List<KeyClaims.Key> dropped) {
        this.claims = claims;
        this.recordId = recordId;
        this.claimed = List.copyOf(claimed);
        this.dropped = List.copyOf(dropped);
    }

    /** The record was stored with the new values. */
    public void commit() {
        committed = true;
        claims.release(recordId, dropped);
    }

    @Override
    public void close() {
        if (!committed) {
            claims.release(recordId, claimed);
        }
    }
}

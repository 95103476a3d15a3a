package io.pulsecrm.platform.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered identifiers (UUID version 7, RFC 9562). Their text form sorts by creation time, which
 * gives keyset pagination a stable, index-friendly order and keeps inserts local in B-tree indexes.
 *
 * <p>Inside {@link #deriveFrom} the ids are not random but derived from a seed, in order: the same work repeated with
 * the same seed creates the same ids. A request repeated with its {@code Idempotency-Key} after its first attempt died
 * mid-way thereby finds the records that attempt created instead of creating them a second time.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Derivation> DERIVATION = new ThreadLocal<>();

    private Ids() {
    }

    public static String newId() {
        Derivation derivation = DERIVATION.get();
        return (derivation != null ? derivation.next() : uuidV7(System.currentTimeMillis())).toString();
    }

    /**
     * Until the returned scope is closed, {@link #newId()} on this thread returns the ids derived from {@code seed}: the
     * n-th call the same id every time, with {@code epochMillis} as its time.
     */
    public static Scope deriveFrom(String seed, long epochMillis) {
        Derivation previous = DERIVATION.get();
        DERIVATION.set(new Derivation(seed, epochMillis));
        return () -> {
            if (previous == null) {
                DERIVATION.remove();
            } else {
                DERIVATION.set(previous);
            }
        };
    }

    /** True inside {@link #deriveFrom}: an id clash may mean that an earlier run of the same work created the record. */
    public static boolean derived() {
        return DERIVATION.get() != null;
    }

    /** Ends a {@link #deriveFrom}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    static UUID uuidV7(long epochMillis) {
        return uuidV7(epochMillis, RANDOM.nextInt(), RANDOM.nextLong());
    }

    private static UUID uuidV7(long epochMillis, long randA, long randB) {
        long msb = (epochMillis << 16) | 0x7000L | (randA & 0x0FFFL);
        long lsb = (randB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private static final class Derivation {
        private final String seed;
        private final long epochMillis;
        private int count;

        Derivation(String seed, long epochMillis) {
            this.seed = seed;
            this.epochMillis = epochMillis;
        }

        UUID next() {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest((seed + "#" + count++).getBytes(StandardCharsets.UTF_8));
                ByteBuffer bits = ByteBuffer.wrap(hash);
                return uuidV7(epochMillis, bits.getShort(), bits.getLong());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static boolean isValid(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

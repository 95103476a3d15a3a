package io.pulsecrm.tasks.tasks;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids of tasks created as a consequence of something (a completion's follow-up, a series' next occurrence,
 * a reaction): derived from the cause, so a redelivered cause finds the task already there instead of making a
 * second one. UUIDv7 layout with the cause's time, so they still sort by time like every other id.
 */
public final class TaskIds {

    private TaskIds() {
    }

    public static String derived(Instant time, String cause) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(cause.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer bits = ByteBuffer.wrap(hash);
        long randA = bits.getShort() & 0x0FFFL;
        long msb = (time.toEpochMilli() << 16) | 0x7000L | randA;
        long lsb = (bits.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}

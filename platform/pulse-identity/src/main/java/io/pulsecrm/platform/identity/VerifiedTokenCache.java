package io.pulsecrm.platform.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Bearer tokens this process has verified (signature, issuer, audience, times), by their exact text, so that the next
 * request with the same token skips the signature check and the claims' parsing. A token's entry is used only while
 * the token itself is unexpired ({@code exp}) and for at most {@code maxAge} after it was verified; past either it is
 * verified again in full (and refused if it expired). Only successful verifications are remembered. At most
 * {@code maxEntries} tokens are kept (the least used go first).
 *
 * <p>What this changes: a token stays accepted for up to {@code maxAge} after its signing key was removed from the
 * issuer's key set (the decoders cache that set for minutes anyway). Nothing else: an expired token is never accepted
 * from the cache, and each replica keeps its own entries (nothing is shared, nothing needs invalidating across them).
 *
 * @param <T> the verified form of a token (a Spring Security {@code Jwt})
 */
public final class VerifiedTokenCache<T> {

    /** What a verified token says about its own lifetime. */
    @FunctionalInterface
    public interface Expiry<T> {
        /** When the token expires; null for a token without {@code exp} (then only {@code maxAge} bounds its entry). */
        Instant expiresAt(T verified);
    }

    private record Entry<T>(T verified, Instant usableUntil) {
    }

    private final Cache<String, Entry<T>> entries;
    private final Expiry<T> expiry;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param maxEntries tokens kept at most; 0 turns the cache off (every token verified on every request)
     * @param maxAge     how long after its verification a token is taken from the cache at most
     */
    public VerifiedTokenCache(int maxEntries, Duration maxAge, Expiry<T> expiry, Clock clock) {
        if (maxEntries < 0 || maxAge.isNegative()) {
            throw new IllegalArgumentException("max entries and max age must not be negative");
        }
        this.expiry = Objects.requireNonNull(expiry);
        this.maxAge = maxAge;
        this.clock = Objects.requireNonNull(clock);
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    /** Whether tokens are remembered at all. */
    public boolean enabled() {
        return !maxAge.isZero();
    }

    /** The token's verified form if it was verified and is still usable now; null otherwise (verify it then). */
    public T get(String token) {
        if (!enabled()) {
            return null;
        }
        Entry<T> entry = entries.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.usableUntil())) {
            entries.invalidate(token);
            return null;
        }
        return entry.verified();
    }

    /** Remembers a token that was just verified in full; returns {@code verified}. */
    public T put(String token, T verified) {
        if (!enabled()) {
            return verified;
        }
        Instant now = clock.instant();
        Instant until = now.plus(maxAge);
        Instant expiresAt = expiry.expiresAt(verified);
        if (expiresAt != null && expiresAt.isBefore(until)) {
            until = expiresAt;
        }
        if (until.isAfter(now)) {
            entries.put(token, new Entry<>(verified, until));
        }
        return verified;
    }

    /** Tokens currently kept (approximate; for tests and metrics). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}

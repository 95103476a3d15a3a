package io.pulsecrm.gateway.ratelimit;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulsecrm.gateway.ratelimit.RateLimitProperties.Limit;

import org.springframework.stereotype.Component;

/**
 * In-memory token buckets (Bucket4j), one per principal and limit, in a bounded Caffeine cache.
 *
 * <p>A bucket is forgotten once it has been idle for its refill period: by then it would be full again, so
 * dropping it changes nothing for its principal. {@code max-buckets} caps the rest (a flood of anonymous
 * IPs, say); a bucket dropped early starts full, which can only favour its principal.
 */
@Component
public class PrincipalRateLimiter {

    /** Counter of rejected requests, tagged {@code kind}, {@code role}, {@code client}. */
    public static final String REJECTED_METRIC = "pulse.gateway.rate_limit.rejected";

    /** Gauge of the buckets currently held (memory use of the limiter). */
    public static final String BUCKETS_METRIC = "pulse.gateway.rate_limit.buckets";

    /** The limit is part of the key: a user whose role changes starts spending from the new role's bucket. */
    private record BucketKey(RateLimitPrincipal.Kind kind, String id, Limit limit) {
    }

    /**
     * What one request got.
     *
     * @param allowed whether the request may proceed
     * @param limit the limit that applied
     * @param remaining requests left in the bucket after this one
     * @param resetSeconds seconds until the bucket is full again
     * @param retryAfterSeconds for a rejected request, seconds until the next request fits (0 when allowed)
     */
    public record Decision(boolean allowed, Limit limit, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private final RateLimitProperties properties;
    private final MeterRegistry meters;
    private final Cache<BucketKey, Bucket> buckets;

    public PrincipalRateLimiter(RateLimitProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(properties.maxBuckets())
                .expireAfter(Expiry.accessing((BucketKey key, Bucket bucket) -> key.limit().refillPeriod()))
                .build();
        Gauge.builder(BUCKETS_METRIC, buckets, Cache::estimatedSize)
                .description("Rate-limit token buckets held in memory by this gateway replica")
                .register(meters);
    }

    /** Takes one request from the principal's bucket, or counts a rejection when it is empty. */
    public Decision tryConsume(RateLimitPrincipal principal) {
        Limit limit = properties.limitFor(principal);
        Bucket bucket = buckets.get(new BucketKey(principal.kind(), principal.id(), limit), key -> newBucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            rejected(principal).increment();
        }
        return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(),
                seconds(probe.getNanosToWaitForReset()),
                probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    /** Buckets currently held; after {@link #cleanUp()} an exact figure. */
    long bucketCount() {
        return buckets.estimatedSize();
    }

    /** Runs pending evictions now (they otherwise happen during later reads and writes). */
    void cleanUp() {
        buckets.cleanUp();
    }

    private static Bucket newBucket(Limit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.refillPeriod()).build())
                .build();
    }

    private Counter rejected(RateLimitPrincipal principal) {
        return Counter.builder(REJECTED_METRIC)
                .description("Requests the gateway answered with 429 because the caller's rate limit was spent")
                .tag("kind", principal.kind().tag())
                .tag("role", principal.roleTag())
                .tag("client", principal.clientTag())
                .register(meters);
    }

    /** Rounded up: a client that waits the advertised seconds finds a token. */
    private static long seconds(long nanos) {
        return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
    }
}

package io.pulsecrm.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pulsecrm.gateway.ratelimit.PrincipalRateLimiter.Decision;
import io.pulsecrm.gateway.ratelimit.RateLimitPrincipal.Kind;
import io.pulsecrm.gateway.ratelimit.RateLimitProperties.Limit;
import org.junit.jupiter.api.Test;

class PrincipalRateLimiterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void spendsTheBucketThenRejectsWithRetryAfterAndCounts() {
        PrincipalRateLimiter limiter = limiter(new Limit(2, Duration.ofMinutes(1)), 100);
        RateLimitPrincipal client = new RateLimitPrincipal(Kind.CLIENT, "partner-erp", new TreeSet<>());

        Decision first = limiter.tryConsume(client);
        Decision second = limiter.tryConsume(client);
        Decision third = limiter.tryConsume(client);

        assertThat(first.allowed()).isTrue();
        assertThat(first.remaining()).isEqualTo(1);
        assertThat(first.retryAfterSeconds()).isZero();
        assertThat(second.remaining()).isZero();
        assertThat(third.allowed()).isFalse();
        // One of two tokens comes back every 30 s; the whole bucket after a minute.
        assertThat(third.retryAfterSeconds()).isBetween(29L, 30L);
        assertThat(third.resetSeconds()).isBetween(59L, 60L);
        assertThat(meters.get(PrincipalRateLimiter.REJECTED_METRIC)
                .tags("kind", "client", "client", "partner-erp", "role", "none").counter().count()).isEqualTo(1);
    }

    @Test
    void keepsAtMostMaxBucketsWhateverTheNumberOfCallers() {
        PrincipalRateLimiter limiter = limiter(new Limit(10, Duration.ofMinutes(1)), 50);

        for (int caller = 0; caller < 5_000; caller++) {
            limiter.tryConsume(RateLimitPrincipal.anonymous(new InetSocketAddress("10.0." + caller / 256 + "." + caller % 256, 4000)));
        }
        limiter.cleanUp();

        assertThat(limiter.bucketCount()).isLessThanOrEqualTo(50);
        assertThat(meters.get(PrincipalRateLimiter.BUCKETS_METRIC).gauge().value()).isLessThanOrEqualTo(50);
    }

    @Test
    void ipv6CallersShareTheBucketOfTheirSlash64() {
        PrincipalRateLimiter limiter = limiter(new Limit(2, Duration.ofMinutes(1)), 100);

        limiter.tryConsume(RateLimitPrincipal.anonymous(new InetSocketAddress("2001:db8:1:2::1", 4000)));
        Decision sameNetwork = limiter.tryConsume(RateLimitPrincipal.anonymous(new InetSocketAddress("2001:db8:1:2:ffff::9", 4000)));
        Decision otherNetwork = limiter.tryConsume(RateLimitPrincipal.anonymous(new InetSocketAddress("2001:db8:1:3::1", 4000)));

        assertThat(sameNetwork.remaining()).isZero();
        assertThat(otherNetwork.remaining()).isEqualTo(1);
    }

    private PrincipalRateLimiter limiter(Limit limit, int maxBuckets) {
        return new PrincipalRateLimiter(new RateLimitProperties(true, limit, limit, Map.of(), Map.of(), maxBuckets), meters);
    }
}

package io.pulsecrm.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    record Token(String subject, Instant expiresAt) {
    }

    private final ManualClock clock = new ManualClock();

    private VerifiedTokenCache<Token> cache(int maxEntries, Duration maxAge) {
        return new VerifiedTokenCache<>(maxEntries, maxAge, Token::expiresAt, clock);
    }

    @Test
    void aVerifiedTokenIsServedUntilItExpires() {
        VerifiedTokenCache<Token> cache = cache(100, Duration.ofMinutes(5));
        Token ada = new Token("ada", clock.instant().plusSeconds(60));
        assertThat(cache.get("t1")).isNull();
        cache.put("t1", ada);
        assertThat(cache.get("t1")).isSameAs(ada);
        assertThat(cache.get("t2")).isNull();

        clock.set(clock.instant().plusSeconds(59));
        assertThat(cache.get("t1")).isSameAs(ada);
        clock.set(clock.instant().plusSeconds(1));
        assertThat(cache.get("t1")).as("expired: verified again (and refused) by the decoder").isNull();
        clock.set(clock.instant().minusSeconds(30));
        assertThat(cache.get("t1")).as("an expired entry is dropped, not revived").isNull();
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterMaxAge() {
        VerifiedTokenCache<Token> cache = cache(100, Duration.ofMinutes(5));
        Token partner = new Token("erp", clock.instant().plus(Duration.ofHours(10)));
        cache.put("t", partner);
        clock.set(clock.instant().plus(Duration.ofMinutes(5)).minusMillis(1));
        assertThat(cache.get("t")).isSameAs(partner);
        clock.set(clock.instant().plusMillis(1));
        assertThat(cache.get("t")).isNull();
    }

    @Test
    void aTokenWithoutExpiryIsBoundByMaxAgeAndAnExpiredOneIsNotKept() {
        VerifiedTokenCache<Token> cache = cache(100, Duration.ofSeconds(30));
        cache.put("no-exp", new Token("x", null));
        cache.put("expired", new Token("y", clock.instant().minusSeconds(1)));
        assertThat(cache.get("no-exp")).isNotNull();
        assertThat(cache.get("expired")).isNull();
        clock.set(clock.instant().plusSeconds(30));
        assertThat(cache.get("no-exp")).isNull();
    }

    @Test
    void theNumberOfTokensKeptIsBounded() {
        VerifiedTokenCache<Token> cache = cache(10, Duration.ofMinutes(5));
        for (int i = 0; i < 1000; i++) {
            cache.put("t" + i, new Token("u" + i, clock.instant().plusSeconds(60)));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void aZeroMaxAgeTurnsItOff() {
        VerifiedTokenCache<Token> cache = cache(100, Duration.ZERO);
        cache.put("t", new Token("ada", clock.instant().plusSeconds(60)));
        assertThat(cache.enabled()).isFalse();
        assertThat(cache.get("t")).isNull();
    }
}

package io.pulsecrm.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.test.ManualClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class CachingJwtDecoderTest {

    /** Stands in for the real decoder: "good-*" tokens are valid until the clock passes their expiry. */
    final class Verifier implements JwtDecoder {
        final List<String> verified = new ArrayList<>();
        final Instant expiry = clock.instant().plusSeconds(300);

        @Override
        public Jwt decode(String token) {
            verified.add(token);
            if (!token.startsWith("good-")) {
                throw new BadJwtException("bad signature");
            }
            if (!clock.instant().isBefore(expiry)) {
                throw new JwtValidationException("expired", List.of(new OAuth2Error("invalid_token", "Jwt expired", null)));
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject(token.substring(5))
                    .issuedAt(clock.instant()).expiresAt(expiry).build();
        }
    }

    private final ManualClock clock = new ManualClock();
    private final Verifier verifier = new Verifier();
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(verifier,
            new TokenCacheProperties(100, Duration.ofMinutes(5)), clock);

    @Test
    void aTokenIsVerifiedOnceThenServedFromMemoryUntilItExpires() {
        Jwt first = decoder.decode("good-ada");
        assertThat(decoder.decode("good-ada")).isSameAs(first);
        assertThat(decoder.decode("good-ada").getSubject()).isEqualTo("ada");
        assertThat(verifier.verified).containsExactly("good-ada");

        decoder.decode("good-bob");
        assertThat(verifier.verified).containsExactly("good-ada", "good-bob");

        clock.set(verifier.expiry);
        assertThatThrownBy(() -> decoder.decode("good-ada")).isInstanceOf(JwtValidationException.class);
        assertThat(verifier.verified).containsExactly("good-ada", "good-bob", "good-ada");
    }

    @Test
    void aRefusedTokenIsVerifiedAgainEveryTime() {
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifier.verified).containsExactly("forged", "forged");
    }

    @Test
    void offWithAZeroMaxAge() {
        CachingJwtDecoder off = new CachingJwtDecoder(verifier, new TokenCacheProperties(100, Duration.ZERO), clock);
        off.decode("good-ada");
        off.decode("good-ada");
        assertThat(verifier.verified).containsExactly("good-ada", "good-ada");
    }
}

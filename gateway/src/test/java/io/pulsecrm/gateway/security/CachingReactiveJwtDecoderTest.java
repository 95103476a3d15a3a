package io.pulsecrm.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.test.ManualClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

class CachingReactiveJwtDecoderTest {

    private final ManualClock clock = new ManualClock();
    private final Instant expiry = clock.instant().plusSeconds(300);
    private final List<String> verified = new ArrayList<>();
    /** Stands in for the real decoder: "good-*" tokens are valid until the clock passes their expiry. */
    private final ReactiveJwtDecoder verifier = token -> Mono.defer(() -> {
        verified.add(token);
        if (!token.startsWith("good-")) {
            return Mono.error(new BadJwtException("bad signature"));
        }
        if (!clock.instant().isBefore(expiry)) {
            return Mono.error(new JwtValidationException("expired", List.of(new OAuth2Error("invalid_token", "Jwt expired", null))));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject(token.substring(5))
                .issuedAt(clock.instant()).expiresAt(expiry).build());
    });
    private final CachingReactiveJwtDecoder decoder = new CachingReactiveJwtDecoder(verifier,
            new TokenCacheProperties(100, Duration.ofMinutes(5)), clock);

    @Test
    void aTokenIsVerifiedOnceThenServedFromMemoryUntilItExpires() {
        Jwt first = decoder.decode("good-ada").block();
        assertThat(decoder.decode("good-ada").block()).isSameAs(first);
        assertThat(verified).containsExactly("good-ada");

        clock.set(expiry);
        assertThatThrownBy(() -> decoder.decode("good-ada").block()).isInstanceOf(JwtValidationException.class);
        assertThat(verified).containsExactly("good-ada", "good-ada");
    }

    @Test
    void aRefusedTokenIsVerifiedAgainEveryTime() {
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        assertThat(verified).containsExactly("forged", "forged");
    }
}

package io.pulsecrm.gateway.security;

import java.time.Clock;

import io.pulsecrm.platform.identity.VerifiedTokenCache;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * A {@link ReactiveJwtDecoder} that verifies a token in full (the decoder it wraps: signature, issuer, audience,
 * times) the first time this gateway replica sees it, then answers from a {@link VerifiedTokenCache} until the token
 * expires or the cache's max age passes. Failures are not remembered.
 */
public final class CachingReactiveJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final VerifiedTokenCache<Jwt> verified;

    public CachingReactiveJwtDecoder(ReactiveJwtDecoder delegate, TokenCacheProperties properties, Clock clock) {
        this.delegate = delegate;
        this.verified = new VerifiedTokenCache<>(properties.maxEntries(), properties.maxAge(), Jwt::getExpiresAt, clock);
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt jwt = verified.get(token);
        if (jwt != null) {
            return Mono.just(jwt);
        }
        return delegate.decode(token).map(decoded -> verified.put(token, decoded));
    }
}

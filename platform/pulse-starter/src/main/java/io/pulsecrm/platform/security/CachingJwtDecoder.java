package io.pulsecrm.platform.security;

import java.time.Clock;

import io.pulsecrm.platform.identity.VerifiedTokenCache;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that verifies a token in full (the decoder it wraps: signature, issuer, audience, times) the
 * first time this replica sees it, and then answers from a {@link VerifiedTokenCache} until the token expires or the
 * cache's max age passes. A client sends the same token with every request for its lifetime, so verification costs
 * once per token instead of once per request. Tokens that fail are not remembered.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final VerifiedTokenCache<Jwt> verified;

    public CachingJwtDecoder(JwtDecoder delegate, TokenCacheProperties properties, Clock clock) {
        this.delegate = delegate;
        this.verified = new VerifiedTokenCache<>(properties.maxEntries(), properties.maxAge(), Jwt::getExpiresAt, clock);
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.get(token);
        return jwt != null ? jwt : verified.put(token, delegate.decode(token));
    }
}

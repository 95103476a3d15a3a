package io.pulsecrm.gateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's memory of verified bearer tokens ({@link CachingReactiveJwtDecoder}): a request whose token this
 * replica verified a moment ago skips the signature check and the claims' parsing. An entry is used only while its
 * token is unexpired.
 *
 * @param maxEntries tokens kept at most (about 2 KB each)
 * @param maxAge     how long after its verification a token is taken from memory at most; {@code 0} turns the
 *                   memory off. Bounds how long a token signed by a key the issuer has since withdrawn stays accepted.
 */
@ConfigurationProperties("pulse.gateway.token-cache")
public record TokenCacheProperties(@DefaultValue("20000") int maxEntries,
                                   @DefaultValue("5m") Duration maxAge) {
}

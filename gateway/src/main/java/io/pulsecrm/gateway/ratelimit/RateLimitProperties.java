package io.pulsecrm.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import io.pulsecrm.platform.identity.Role;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Typed view of {@code pulse.gateway.rate-limits.*}: one token bucket per principal (user id or client id
 * from the token, client IP for anonymous public calls), held in this gateway replica's memory. Every limit
 * is therefore a <em>per-replica</em> budget: with N replicas behind a load balancer a principal gets up to
 * N times as much in total.
 *
 * <p>Which limit applies: anonymous callers get {@link #anonymous()}; a partner client gets its entry in
 * {@link #clients()} or {@link #defaultLimit()}; a user gets the entry of their most privileged role in
 * {@link #roles()} (admin, then manager, then rep) or {@link #defaultLimit()}.
 *
 * @param enabled whether the gateway limits at all
 * @param defaultLimit users and clients without a limit of their own
 * @param anonymous calls without a token (web forms, calendar feeds), per client IP (IPv6: per /64)
 * @param roles limits by user role ({@code admin}, {@code manager}, {@code rep})
 * @param clients limits by partner client id
 * @param maxBuckets how many principals' buckets are kept at most (about 500 bytes each); beyond that the
 * least useful are dropped (a dropped bucket starts full again), so memory stays bounded whatever the traffic
 */
@ConfigurationProperties("pulse.gateway.rate-limits")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @Name("default") Limit defaultLimit,
        Limit anonymous,
        Map<Role, Limit> roles,
        Map<String, Limit> clients,
        @DefaultValue("50000") int maxBuckets) {

    /** 600 requests, refilled over a minute: bursts of a busy page load, 10 requests a second sustained. */
    public static final Limit DEFAULT_LIMIT = new Limit(600, Duration.ofMinutes(1));

    /** 300 requests a minute per IP: web forms and calendar apps, also behind an office NAT. */
    public static final Limit ANONYMOUS_LIMIT = new Limit(300, Duration.ofMinutes(1));

    public RateLimitProperties {
        defaultLimit = defaultLimit == null ? DEFAULT_LIMIT : defaultLimit;
        anonymous = anonymous == null ? ANONYMOUS_LIMIT : anonymous;
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("pulse.gateway.rate-limits.max-buckets must be at least 1, was " + maxBuckets);
        }
    }

    /** The limit for a principal; see the class comment for the order. */
    public Limit limitFor(RateLimitPrincipal principal) {
        return switch (principal.kind()) {
            case ANONYMOUS -> anonymous;
            case CLIENT -> clients.getOrDefault(principal.id(), defaultLimit);
            case USER -> principal.roles().stream() // sorted by privilege, admin first
                    .filter(roles::containsKey)
                    .findFirst()
                    .map(roles::get)
                    .orElse(defaultLimit);
        };
    }

    /**
     * A token bucket: it holds up to {@code capacity} requests and refills them evenly over
     * {@code refillPeriod}, so a principal can burst {@code capacity} requests and then make
     * {@code capacity / refillPeriod} requests per unit of time.
     *
     * @param capacity the burst size and the number of requests per refill period
     * @param refillPeriod how long an empty bucket takes to fill up completely (e.g. {@code 1m}, {@code 30s})
     */
    public record Limit(int capacity, @DefaultValue("1m") Duration refillPeriod) {

        public Limit {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
            }
            if (refillPeriod == null || refillPeriod.isNegative() || refillPeriod.isZero()) {
                throw new IllegalArgumentException("refill-period must be positive, was " + refillPeriod);
            }
        }
    }
}

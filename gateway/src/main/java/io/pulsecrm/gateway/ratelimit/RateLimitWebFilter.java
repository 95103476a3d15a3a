package io.pulsecrm.gateway.ratelimit;

import java.time.Duration;

import io.pulsecrm.gateway.problem.ProblemResponses;
import io.pulsecrm.gateway.ratelimit.PrincipalRateLimiter.Decision;
import io.pulsecrm.platform.identity.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Spends one token of the caller's bucket on every {@code /api/**} request and answers 429 problem+json
 * with {@code Retry-After} once it is empty. Every limited response carries the {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset} headers (IETF httpapi draft fields).
 *
 * <p>Runs right after Spring Security's filter chain, so the bucket is keyed by the validated token's
 * subject, and requests with a bad token were already answered 401 without spending anyone's budget.
 */
@Component
public class RateLimitWebFilter implements WebFilter, Ordered {

    public static final String LIMIT_HEADER = "RateLimit-Limit";
    public static final String REMAINING_HEADER = "RateLimit-Remaining";
    public static final String RESET_HEADER = "RateLimit-Reset";

    /**
     * Order of Spring Security's {@code WebFilterChainProxy} ({@code WebFluxSecurityConfiguration
     * .WEB_FILTER_CHAIN_FILTER_ORDER}, not public). The tests prove the limiter sees the authenticated subject.
     */
    private static final int SECURITY_FILTER_CHAIN_ORDER = -100;

    /** Right after Spring Security, before routing. */
    static final int ORDER = SECURITY_FILTER_CHAIN_ORDER + 1;

    private static final PathPattern LIMITED_PATHS = PathPatternParser.defaultInstance.parse("/api/**");
    private static final String PROBLEM_TYPE = "rate-limited";
    private static final Logger log = LoggerFactory.getLogger(RateLimitWebFilter.class);

    private final RateLimitProperties properties;
    private final PrincipalRateLimiter limiter;
    private final ProblemResponses problems;

    public RateLimitWebFilter(RateLimitProperties properties, PrincipalRateLimiter limiter, ProblemResponses problems) {
        this.properties = properties;
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!properties.enabled() || !LIMITED_PATHS.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(token -> RateLimitPrincipal.of(Caller.fromClaims(((JwtAuthenticationToken) token).getTokenAttributes())))
                .switchIfEmpty(Mono.fromSupplier(() -> RateLimitPrincipal.anonymous(exchange.getRequest().getRemoteAddress())))
                .flatMap(principal -> {
                    Decision decision = limiter.tryConsume(principal);
                    return decision.allowed() ? proceed(exchange, chain, decision) : reject(exchange, principal, decision);
                });
    }

    /** Set at commit time so a service's own headers of the same name, or a fallback's reset, cannot hide them. */
    private static Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain, Decision decision) {
        exchange.getResponse().beforeCommit(() -> {
            headers(exchange.getResponse().getHeaders(), decision);
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private Mono<Void> reject(ServerWebExchange exchange, RateLimitPrincipal principal, Decision decision) {
        log.debug("{} {} rejected: rate limit of {} {} spent", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), principal.kind(), principal.id());
        RateLimitProperties.Limit limit = decision.limit();
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, PROBLEM_TYPE, "Too many requests",
                "Rate limit of %d requests per %s exceeded; retry in %d s.".formatted(limit.capacity(),
                        describe(limit.refillPeriod()), decision.retryAfterSeconds()));
        return problems.write(exchange, problem, headers -> {
            headers(headers, decision);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
        });
    }

    private static void headers(HttpHeaders headers, Decision decision) {
        headers.set(LIMIT_HEADER, Integer.toString(decision.limit().capacity()));
        headers.set(REMAINING_HEADER, Long.toString(decision.remaining()));
        headers.set(RESET_HEADER, Long.toString(decision.resetSeconds()));
    }

    private static String describe(Duration period) {
        if (period.toSeconds() % 60 == 0 && period.toNanosPart() == 0) {
            long minutes = period.toMinutes();
            return minutes == 1 ? "minute" : minutes + " minutes";
        }
        return period.toNanosPart() == 0 ? period.toSeconds() + " s" : period.toMillis() + " ms";
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}

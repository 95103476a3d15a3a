package io.pulsecrm.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import io.pulsecrm.gateway.ratelimit.RateLimitPrincipal.Kind;
import io.pulsecrm.gateway.ratelimit.RateLimitProperties.Limit;
import io.pulsecrm.platform.identity.Role;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RateLimitPropertiesTest {

    @Test
    void defaultsAreGenerousAndOn() {
        RateLimitProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.defaultLimit()).isEqualTo(new Limit(600, Duration.ofMinutes(1)));
        assertThat(properties.anonymous()).isEqualTo(new Limit(300, Duration.ofMinutes(1)));
        assertThat(properties.roles()).isEmpty();
        assertThat(properties.clients()).isEmpty();
        assertThat(properties.maxBuckets()).isEqualTo(50_000);
    }

    @Test
    void picksTheClientsOwnLimitOrTheMostPrivilegedRolesOrTheDefault() {
        RateLimitProperties properties = bind(Map.of(
                "pulse.gateway.rate-limits.default.capacity", "100",
                "pulse.gateway.rate-limits.roles.rep.capacity", "10",
                "pulse.gateway.rate-limits.roles.ADMIN.capacity", "1000",
                "pulse.gateway.rate-limits.roles.ADMIN.refill-period", "30s",
                "pulse.gateway.rate-limits.clients.partner-erp.capacity", "50"));

        assertThat(properties.limitFor(user(Role.REP))).isEqualTo(new Limit(10, Duration.ofMinutes(1)));
        assertThat(properties.limitFor(user(Role.REP, Role.ADMIN))).isEqualTo(new Limit(1000, Duration.ofSeconds(30)));
        assertThat(properties.limitFor(user(Role.MANAGER))).isEqualTo(new Limit(100, Duration.ofMinutes(1)));
        assertThat(properties.limitFor(new RateLimitPrincipal(Kind.CLIENT, "partner-erp", new TreeSet<>())).capacity())
                .isEqualTo(50);
        assertThat(properties.limitFor(new RateLimitPrincipal(Kind.CLIENT, "partner-other", new TreeSet<>())).capacity())
                .isEqualTo(100);
        assertThat(properties.limitFor(RateLimitPrincipal.anonymous(null))).isEqualTo(RateLimitProperties.ANONYMOUS_LIMIT);
    }

    @Test
    void rejectsLimitsThatCannotWork() {
        assertThatThrownBy(() -> bind(Map.of("pulse.gateway.rate-limits.roles.rep.capacity", "0")))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("capacity must be at least 1, was 0");
        assertThatThrownBy(() -> bind(Map.of("pulse.gateway.rate-limits.default.capacity", "10",
                "pulse.gateway.rate-limits.default.refill-period", "0s")))
                .isInstanceOf(BindException.class)
                .hasRootCauseMessage("refill-period must be positive, was PT0S");
        assertThatThrownBy(() -> bind(Map.of("pulse.gateway.rate-limits.roles.boss.capacity", "10")))
                .isInstanceOf(BindException.class);
    }

    private static RateLimitPrincipal user(Role... roles) {
        return new RateLimitPrincipal(Kind.USER, "someone", new TreeSet<>(EnumSet.of(roles[0], roles)));
    }

    private static RateLimitProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(new HashMap<>(values)))
                .bindOrCreate("pulse.gateway.rate-limits", RateLimitProperties.class);
    }
}

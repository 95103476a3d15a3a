package io.pulsecrm.gateway.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.pulsecrm.gateway.web.WebAppPaths;
import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.EndpointRequest;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The gateway is an OAuth2 resource server: every request carries a JWT from the configured issuer
 * ({@code spring.security.oauth2.resourceserver.jwt.*}: signature, issuer, audience, expiry and not-before are
 * checked by Spring Security), except the {@link PublicPaths}. Beyond "a valid token", the gateway only guards
 * its own actuator; which role or scope an API operation needs is decided by the owning service, which
 * validates the token again. The {@code Authorization} header is relayed downstream unchanged.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

    /** Browsers send no credentials on a preflight; the CORS filter has answered valid ones already. */
    private static final ServerWebExchangeMatcher CORS_PREFLIGHT = exchange ->
            CorsUtils.isPreFlightRequest(exchange.getRequest()) ? MatchResult.match() : MatchResult.notMatch();

    @Bean
    SecurityWebFilterChain gatewaySecurityFilterChain(ServerHttpSecurity http, ProblemAuthenticationHandlers problems,
            GlobalCorsProperties cors) {
        return http
                // Bearer tokens, no cookies: nothing for a forged cross-site request to ride on, nothing to keep.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                // CORS runs before authentication so browsers can read a 401 or 429 (and answer preflights
                // without a token); the routes' own CORS handling then sees the headers and stands back.
                .cors(spec -> spec.configurationSource(corsSource(cors)))
                .authorizeExchange(exchanges -> exchanges
                        .matchers(CORS_PREFLIGHT).permitAll()
                        .matchers(EndpointRequest.to(PublicPaths.ACTUATOR_ENDPOINTS)).permitAll()
                        .matchers(EndpointRequest.toAnyEndpoint()).hasRole(Role.ADMIN.name())
                        .pathMatchers(PublicPaths.API_DOCS).permitAll()
                        .matchers(WebAppPaths.PUBLIC).permitAll()
                        .pathMatchers(PublicPaths.API).permitAll()
                        .pathMatchers(HttpMethod.GET, PublicPaths.API_READS).permitAll()
                        .pathMatchers(HttpMethod.HEAD, PublicPaths.API_READS).permitAll()
                        // operators' tools of each service (dead letters): admins only, and the service checks again
                        .pathMatchers(PublicPaths.ADMIN).hasRole(Role.ADMIN.name())
                        .anyExchange().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new BearerTokenConverter())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(authenticationConverter())))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    /**
     * The token decoder (Spring Boot's, from {@code spring.security.oauth2.resourceserver.jwt.*}) verifies each token
     * once per gateway replica and then answers from memory until it expires ({@link CachingReactiveJwtDecoder},
     * {@code pulse.gateway.token-cache.*}).
     */
    @Bean
    static BeanPostProcessor jwtDecoderCache(ObjectProvider<TokenCacheProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof CachingReactiveJwtDecoder)) {
                    return new CachingReactiveJwtDecoder(decoder, properties.getObject(), Clock.systemUTC());
                }
                return bean;
            }
        };
    }

    /**
     * No observation (metric and span) per security filter, authentication and authorization: about a dozen per request,
     * each started and stopped around the next filter. The request's own observation ({@code http.server.requests},
     * the gateway's route metrics) and its span stay, with the 401 and 403 answers in them.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** The gateway's one CORS policy ({@code spring.cloud.gateway.server.webflux.globalcors}). */
    private static UrlBasedCorsConfigurationSource corsSource(GlobalCorsProperties cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        cors.getCorsConfigurations().forEach(source::registerCorsConfiguration);
        return source;
    }

    /**
     * Roles become {@code ROLE_ADMIN}-style authorities and scopes {@code SCOPE_x}, as in the services; the
     * token's subject (user id or client id) is the principal name.
     */
    static JwtAuthenticationConverter authenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(GatewaySecurityConfiguration::authorities);
        return converter;
    }

    private static Collection<GrantedAuthority> authorities(Jwt jwt) {
        Caller caller = Caller.fromClaims(jwt.getClaims());
        List<GrantedAuthority> authorities = new ArrayList<>();
        caller.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name())));
        caller.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        return authorities;
    }
}

package io.pulsecrm.platform.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.identity.Directory;
import io.pulsecrm.platform.identity.FileUserDirectory;
import io.pulsecrm.platform.identity.UserDirectory;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

import io.pulsecrm.platform.identity.Caller;

/**
 * Every Pulse service is an OAuth2 resource server: each request carries a JWT that the service validates
 * itself (no trust in the network), and {@link AccessPolicy} decides by role or scope.
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        OAuth2ResourceServerAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({SecurityProperties.class, TokenCacheProperties.class})
public class PulseSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PulseSecurityConfiguration.class);

    /** Operations endpoints Kubernetes and Prometheus call without a token; the rest of actuator is for admins. */
    private static final String[] ALWAYS_PUBLIC = {
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**", "/error"};

    @Bean
    SecurityFilterChain pulseSecurityFilterChain(HttpSecurity http, SecurityProperties properties) throws Exception {
        List<String> publicPaths = new ArrayList<>(List.of(ALWAYS_PUBLIC));
        publicPaths.addAll(properties.publicPaths());
        var problems = new ProblemAuthenticationHandlers();
        AccessPolicy policy = new AccessPolicy(properties);
        http.csrf(csrf -> csrf.disable()) // bearer tokens, no cookies: nothing for a forged form to ride on
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(publicPaths.toArray(String[]::new)).permitAll()
                        .requestMatchers("/actuator/**", "/admin/**").hasRole("ADMIN")
                        .anyRequest().access(policy))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authenticationConverter()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .addFilterAfter(new ActorFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** Roles become {@code ROLE_admin}-style authorities and scopes {@code SCOPE_x}; the subject is the name. */
    static JwtAuthenticationConverter authenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(PulseSecurityConfiguration::authorities);
        return converter;
    }

    private static List<GrantedAuthority> authorities(Jwt jwt) {
        Caller caller = Caller.fromClaims(jwt.getClaims());
        List<GrantedAuthority> authorities = new ArrayList<>();
        caller.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name())));
        caller.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        return authorities;
    }

    /**
     * Every {@link JwtDecoder} of the service (Spring Boot's, from {@code spring.security.oauth2.resourceserver.jwt.*},
     * or one a service declares) verifies each token once and then answers from memory until it expires
     * ({@link CachingJwtDecoder}, {@code pulse.security.token-cache.*}).
     */
    @Bean
    static BeanPostProcessor pulseJwtDecoderCache(ObjectProvider<TokenCacheProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
                    return new CachingJwtDecoder(decoder, properties.getObject(), Clock.systemUTC());
                }
                return bean;
            }
        };
    }

    /**
     * No observation (metric and span) per security filter, authentication and authorization: about a dozen per request,
     * each started and stopped around the next filter. The request's own observation ({@code http.server.requests}) and
     * its span stay, with the 401 and 403 answers in them.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings pulseSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnMissingBean
    UserDirectory userDirectory(SecurityProperties properties) {
        if (properties.directoryFile() == null) {
            log.warn("No users directory (pulse.security.directory-file): managers will see only their own records");
            Directory empty = Directory.empty();
            return () -> empty;
        }
        return FileUserDirectory.watching(properties.directoryFile(), properties.directoryRefresh());
    }

    @Bean
    @ConditionalOnMissingBean
    Visibility visibility(UserDirectory directory, SecurityProperties properties) {
        return new Visibility(directory, properties.repsSeeTeamRecords());
    }
}

package io.pulsecrm.identity.directory;

import io.pulsecrm.identity.IdentityProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code pulse.identity.mode=directory}: the users API alone, for deployments whose people sign in with the
 * organisation's own identity provider (Keycloak, Entra ID, ...). The web app and partners still find users and teams
 * at {@code /api/users} and {@code /api/teams}; tokens are the provider's, checked like every Pulse service checks them.
 * No sign-in page, no token endpoint.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "pulse.identity", name = "mode", havingValue = "directory")
class DirectoryModeConfiguration {

    /**
     * The provider's keys, found through its discovery document on the first request that needs them, so the
     * service starts (and is ready) while the provider is unreachable; signature, expiry, issuer and audience checked.
     */
    @Bean
    JwtDecoder jwtDecoder(IdentityProperties properties) {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(properties.issuerUrl()).build();
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    JwtValidators.createDefaultWithIssuer(properties.issuerUrl()),
                    new JwtAudienceValidator(properties.audience())));
            return decoder;
        });
    }

    /** After the users API chain: probes and metrics open, nothing else here. */
    @Bean
    @Order(3)
    SecurityFilterChain operationsOnly(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().denyAll())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}

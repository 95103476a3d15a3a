package io.pulsecrm.identity.issuer;

import java.util.Set;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.pulsecrm.identity.IdentityProperties;
import io.pulsecrm.platform.identity.UserDirectory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * The OAuth2 / OIDC endpoints ({@code /oauth2/*}, {@code /.well-known/*}, {@code /userinfo}) and the login form
 * in front of them. Users sign in with their directory password; tokens are RS256 JWTs.
 */
@ConditionalOnProperty(prefix = "pulse.identity", name = "mode", havingValue = "issuer", matchIfMissing = true)
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /** Ahead of the users API chain (2) and the login chain (3); only matches the protocol endpoints. */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http,
                                                       AuthorizationServerSettings settings, ClientOrigins clientOrigins) {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.oidc(withDefaults());
            server.tokenEndpoint(token -> token.accessTokenRequestConverter(new AllScopesByDefault()));
        });
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated());
        // the OIDC userinfo endpoint takes an access token
        http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(withDefaults()));
        http.cors(cors -> cors.configurationSource(clientOrigins));
        http.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                new LoginUrlAuthenticationEntryPoint("/login"), signInRequests(settings)));
        return http.build();
    }

    /** Everything else: the login form, the actuator probes and metrics, the API description. */
    @Bean
    @Order(3)
    SecurityFilterChain loginFilterChain(HttpSecurity http, ClientOrigins clientOrigins) {
        // CORS preflights (OPTIONS) are outside the protocol endpoints' matcher: they land here
        http.cors(cors -> cors.configurationSource(clientOrigins));
        http.authorizeHttpRequests(authorize -> authorize
                        // probes and scraping run without a token, as in every Pulse service
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .requestMatchers("/error", "/signin.css", "/favicon.svg").permitAll()
                        // the users API's description holds no data, like every service's
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .anyRequest().authenticated())
                // Pulse's own page (signin.SignInPage) in front of the standard form login
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(logout -> logout.permitAll());
        return http.build();
    }

    /**
     * An unauthenticated authorization request is a browser to send to the login form, whatever it accepts;
     * other HTML requests too. API-style requests get a bearer-token 401 instead.
     */
    private static RequestMatcher signInRequests(AuthorizationServerSettings settings) {
        MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return new OrRequestMatcher(PathPatternRequestMatcher.pathPattern(settings.getAuthorizationEndpoint()), html);
    }

    @Bean
    ClientOrigins clientOrigins(UserDirectory directory) {
        return new ClientOrigins(directory);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
        // a fixed issuer: tokens name it whichever host name or port the request came through
        return AuthorizationServerSettings.builder().issuer(properties.issuerUrl()).build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(UserDirectory directory, IdentityProperties properties) {
        return new DirectoryClients(directory, properties.accessTokenTtl());
    }

    @Bean
    UserDetailsService directoryUsers(UserDirectory directory) {
        return new DirectoryUsers(directory);
    }

    /** Directory passwords and client secrets are stored encoded with their scheme: {@code {noop}ada}, {@code {bcrypt}...}. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(IdentityProperties properties) {
        RSAKey key = properties.keyFile() == null ? SigningKeys.generate() : SigningKeys.loadOrCreate(properties.keyFile());
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /**
     * Validates this issuer's own access tokens (users API, userinfo) as any Pulse service does: signature,
     * expiry, issuer and audience. ID tokens (audience: the client) are refused.
     */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, IdentityProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuerUrl()),
                new JwtAudienceValidator(properties.audience())));
        return decoder;
    }
}

package io.pulsecrm.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.pulsecrm.gateway.fallback.ServiceUnavailableProblems;
import io.pulsecrm.gateway.routing.PulseGatewayProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The issuer being unreachable cannot be staged against the shared test issuer, so this drives the handler
 * with the exception Spring Security raises when it cannot fetch the issuer's configuration or keys.
 */
class IssuerUnavailableHandlerTest {

    private final IssuerUnavailableHandler handler = new IssuerUnavailableHandler(
            new ServiceUnavailableProblems(new PulseGatewayProperties(5000, 2000, Map.of(),
                    new PulseGatewayProperties.Fallback(URI.create("https://pulsecrm.io/problems/service-unavailable"))),
                    new StaticListableBeanFactory().getBeanProvider(CircuitBreakerRegistry.class)),
            JsonMapper.builder().build());

    @Test
    void anUnreachableIssuerIsA503ProblemNotA500() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/contacts/c-1"));
        var failure = new AuthenticationServiceException("An error occurred while attempting to decode the Jwt",
                new JwtException("Unable to resolve the Configuration with the provided Issuer"));

        handler.handle(exchange, failure).block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
                .contains("\"type\":\"https://pulsecrm.io/problems/service-unavailable\"", "\"status\":503",
                        "\"detail\":\"The issuer service could not be reached.\"", "\"instance\":\"/api/contacts/c-1\"");
    }

    @Test
    void otherFailuresAreLeftToTheNextHandler() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/contacts"));
        var failure = new IllegalStateException("a bug");

        assertThatThrownBy(() -> handler.handle(exchange, failure).block(Duration.ofSeconds(5))).isSameAs(failure);
    }
}

package io.pulsecrm.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The single HTTP entry point of Pulse CRM: checks bearer tokens, limits each caller's request rate, routes
 * {@code /api/**} to the owning service, guards each service with a timeout and a circuit breaker, stamps
 * request ids and answers CORS for web clients.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}

package io.pulsecrm.automation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Workflow rules that react to domain events and act across the platform. Boot's OAuth2 client web security
 * (a login filter chain) is left out: this service only uses the OAuth2 client to call others, and its own
 * requests are checked by the platform's resource-server chain.
 */
@SpringBootApplication(excludeName =
        "org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration")
public class AutomationApplication {

    public static void main(String[] args) {
        SpringApplication.run(AutomationApplication.class, args);
    }
}

package io.pulsecrm.platform.web;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/** Defaults of every Pulse servlet component, at the lowest precedence so its own configuration overrides them. */
public class PulseWebDefaults implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("pulseWebDefaults", Map.of(
                // no operation takes multipart bodies: a multipart request is then a plain 415, never parsed
                "spring.servlet.multipart.enabled", false,
                // a field the operation does not know is a mistake to report, not to ignore
                "spring.jackson.deserialization.fail-on-unknown-properties", true)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

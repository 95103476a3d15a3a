package io.pulsecrm.platform.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Platform-wide defaults every service runs with, at the lowest precedence so a service's own
 * configuration, the environment and the command line all override them.
 */
public class PulseDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "pulsePlatformDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // runtime
        defaults.put("spring.threads.virtual.enabled", true);
        defaults.put("server.shutdown", "graceful");
        defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
        // infrastructure, overridable with plain environment variables
        defaults.put("spring.mongodb.uri", "${MONGODB_URI:mongodb://127.0.0.1:27017/${pulse.service.database:pulse}}");
        defaults.put("spring.kafka.bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:127.0.0.1:9092}");
        defaults.put("spring.kafka.consumer.group-id", "${spring.application.name}");
        defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        defaults.put("spring.kafka.producer.acks", "all");
        defaults.put("spring.kafka.producer.properties.enable.idempotence", true);
        defaults.put("spring.kafka.producer.properties.max.block.ms", 10000);
        defaults.put("spring.kafka.producer.properties.request.timeout.ms", 10000);
        defaults.put("spring.kafka.producer.properties.delivery.timeout.ms", 30000);
        defaults.put("spring.kafka.template.observation-enabled", true);
        defaults.put("spring.kafka.listener.observation-enabled", true);
        // identity: tokens from the local runner's issuer unless configured (docs/identity.md)
        defaults.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", "${PULSE_ISSUER_URI:http://127.0.0.1:9000}");
        defaults.put("spring.security.oauth2.resourceserver.jwt.audiences", "${PULSE_TOKEN_AUDIENCE:pulse-api}");
        // operations
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
        defaults.put("management.endpoint.health.probes.enabled", true);
        defaults.put("management.endpoint.health.show-components", "always");
        defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
        defaults.put("management.endpoint.health.group.readiness.include", "readinessState,mongo,kafka");
        defaults.put("management.tracing.sampling.probability", 1.0);
        // metrics are scraped from /actuator/prometheus; OTLP push is opt-in (it needs a collector)
        defaults.put("management.otlp.metrics.export.enabled", false);
        defaults.put("management.otlp.logging.export.enabled", false);
        defaults.put("management.metrics.tags.service", "${spring.application.name}");
        // the local runner's demos and receivers live on this machine: calls to loopback URLs are allowed there
        if (environment.acceptsProfiles(Profiles.of("local"))) {
            defaults.put("pulse.outbound.allow-loopback", true);
        }
        defaults.put("logging.pattern.correlation", "[${spring.application.name:},%X{traceId:-},%X{correlationId:-}] ");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

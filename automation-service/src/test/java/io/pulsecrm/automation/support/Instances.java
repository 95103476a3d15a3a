package io.pulsecrm.automation.support;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pulsecrm.automation.AutomationApplication;
import io.pulsecrm.platform.test.TestIdentity;
import io.pulsecrm.platform.test.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts whole automation-service instances of its own (as separate replicas or restarts would be), on a database
 * and consumer group of the test's choosing, so they neither share work with the cached test context nor see its
 * rules.
 */
public final class Instances {

    private Instances() {
    }

    public static ConfigurableApplicationContext start(String database, String consumerGroup) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", 0);
        properties.put("spring.mongodb.uri", TestInfrastructure.shared().mongoUri(database));
        properties.put("spring.kafka.consumer.group-id", consumerGroup);
        properties.put("pulse.automation.services.contacts", StandIns.shared().url());
        properties.put("pulse.automation.services.deals", StandIns.shared().url());
        properties.put("pulse.automation.services.tasks", StandIns.shared().url());
        properties.put("spring.security.oauth2.client.provider.pulse.token-uri", TestIdentity.shared().tokenUri());
        // as command-line arguments: they outrank application.yml and the test infrastructure's system properties
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AutomationApplication.class).profiles("test").run(arguments);
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}

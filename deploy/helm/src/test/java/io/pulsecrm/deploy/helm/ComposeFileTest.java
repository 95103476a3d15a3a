package io.pulsecrm.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/compose/compose.yaml gives every component what its code needs, and starts them in order. */
class ComposeFileTest {

    static final Map<String, String> MODULES = Map.of("contacts", "contacts-service", "deals", "deals-service",
            "tasks", "tasks-service", "automation", "automation-service", "notification", "notification-service",
            "gateway", "gateway", "identity", "identity-service");

    static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        // SnakeYAML itself, which resolves the file's anchors and merge keys (<<: *service) as Compose does
        Object compose = new org.yaml.snakeyaml.Yaml().load(
                java.nio.file.Files.readString(RenderedChart.repoDir().resolve("deploy/compose/compose.yaml")));
        services = RenderedChart.YAML.valueToTree(compose).path("services");
    }

    @Test
    void everyComponentGetsTheSettingsItsCodeNeedsOutsideTheLocalRunner() {
        CodeFacts code = new CodeFacts(RenderedChart.repoDir());
        for (var module : MODULES.entrySet()) {
            JsonNode service = services.path(module.getKey());
            Set<String> environment = new HashSet<>();
            service.path("environment").fieldNames().forEachRemaining(environment::add);
            assertThat(environment).as(module.getKey()).containsAll(code.settingsToProvide(module.getValue()));
            assertThat(service.path("image").asText()).as("the image -Pimages builds")
                    .endsWith("/" + module.getValue() + ":${PULSE_TAG:-0.1.0-SNAPSHOT}");
        }
    }

    @Test
    void everythingHasAHealthCheckAndStartsAfterWhatItNeedsIsHealthy() {
        services.properties().forEach(entry -> assertThat(entry.getValue().path("healthcheck").path("test").isArray())
                .as(entry.getKey() + "'s health check").isTrue());
        for (String name : MODULES.keySet()) {
            JsonNode service = services.path(name);
            if (!name.equals("identity")) {
                assertThat(service.path("depends_on").isEmpty()).as(name + " waits for something").isFalse();
            }
            service.path("depends_on").properties().forEach(dependency -> assertThat(
                    dependency.getValue().path("condition").asText()).isEqualTo("service_healthy"));
            assertThat(service.path("read_only").asBoolean()).as(name + " on a read-only root").isTrue();
        }
        assertThat(services.path("gateway").path("depends_on").size()).isEqualTo(5);
    }
}

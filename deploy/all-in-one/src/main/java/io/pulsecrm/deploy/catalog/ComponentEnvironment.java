package io.pulsecrm.deploy.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsecrm.deploy.infra.InfrastructureEndpoints;

/** The environment variables each component reads to find its port, its store, the broker and its peers. */
public final class ComponentEnvironment {

    public static final String PORT = "PORT";
    public static final String MONGODB_URI = "MONGODB_URI";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    /**
     * The launcher waits on the readiness group; Spring Boot only exposes it by default on Kubernetes,
     * so switch it on here rather than rely on every service's configuration.
     */
    static final String HEALTH_PROBES_ENABLED = "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED";
    /**
     * Everything the runner starts runs with the {@code local} profile: settings only right on a developer's
     * machine, such as webhooks to loopback receivers for demos (notification-service's application-local.yml).
     */
    static final String SPRING_PROFILES_ACTIVE = "SPRING_PROFILES_ACTIVE";
    static final String LOCAL_PROFILE = "local";

    private ComponentEnvironment() {
    }

    /**
     * @param component what is being started
     * @param infra     where Kafka and Mongo listen
     * @param catalog   every component, started or not: the gateway routes to all services, so that
     *                  starting a missing one later makes its routes work without restarting the gateway
     */
    public static Map<String, String> of(ComponentSpec component, InfrastructureEndpoints infra,
                                         List<ComponentSpec> catalog) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PORT, String.valueOf(component.port()));
        env.put(HEALTH_PROBES_ENABLED, "true");
        env.put(SPRING_PROFILES_ACTIVE, LOCAL_PROFILE);
        switch (component.role()) {
            case SERVICE -> {
                env.put(MONGODB_URI, infra.mongoUri(component.database()));
                env.put(KAFKA_BOOTSTRAP_SERVERS, infra.kafkaBootstrapServers());
            }
            case GATEWAY -> catalog.stream()
                    .filter(c -> c.role() == ComponentSpec.Role.SERVICE)
                    .forEach(service -> env.put(service.urlVariable(), service.baseUrl().toString()));
        }
        return env;
    }
}

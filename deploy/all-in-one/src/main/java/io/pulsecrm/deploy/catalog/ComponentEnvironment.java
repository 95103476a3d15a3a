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
    /** Where services and the gateway find the token issuer (docs/identity.md). */
    public static final String ISSUER_URI = "PULSE_ISSUER_URI";
    /** The users directory services read for teams and managers. */
    public static final String SERVICE_DIRECTORY_FILE = "PULSE_SECURITY_DIRECTORY_FILE";
    /** The same directory, for the issuer: its users sign in, its clients get tokens. */
    public static final String ISSUER_DIRECTORY_FILE = "PULSE_IDENTITY_DIRECTORY_FILE";
    static final String ISSUER_URL = "PULSE_IDENTITY_ISSUER_URL";
    static final String ISSUER_KEY_FILE = "PULSE_IDENTITY_KEY_FILE";
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
     * @param identity  the demo directory and where the issuer keeps its signing key
     */
    public static Map<String, String> of(ComponentSpec component, InfrastructureEndpoints infra,
                                         List<ComponentSpec> catalog, LocalIdentity identity) {
        return of(component.instances().getFirst(), infra, catalog, identity);
    }

    /**
     * The environment of one instance: its own port; everything else is the same for every instance of a component,
     * so replicas share the database, the broker and their consumer groups.
     */
    public static Map<String, String> of(ComponentSpec.Instance instance, InfrastructureEndpoints infra,
                                         List<ComponentSpec> catalog, LocalIdentity identity) {
        ComponentSpec component = instance.component();
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PORT, String.valueOf(instance.port()));
        env.put(HEALTH_PROBES_ENABLED, "true");
        env.put(SPRING_PROFILES_ACTIVE, LOCAL_PROFILE);
        String issuer = catalog.stream().filter(c -> c.role() == ComponentSpec.Role.IDENTITY).findFirst()
                .map(c -> c.baseUrl().toString()).orElse(null);
        switch (component.role()) {
            case SERVICE -> {
                env.put(MONGODB_URI, infra.mongoUri(component.database()));
                env.put(KAFKA_BOOTSTRAP_SERVERS, infra.kafkaBootstrapServers());
                putIfPresent(env, ISSUER_URI, issuer);
                env.put(SERVICE_DIRECTORY_FILE, identity.directoryFile().toString());
                // services that act through others' APIs (automation) find them directly, not via the gateway,
                // and spread their calls over every instance
                catalog.stream()
                        .filter(c -> c.role() == ComponentSpec.Role.SERVICE && !c.name().equals(component.name()))
                        .forEach(peer -> env.put(peer.urlVariable(), peer.urls()));
            }
            case IDENTITY -> {
                env.put(ISSUER_URL, component.baseUrl().toString());
                env.put(ISSUER_DIRECTORY_FILE, identity.directoryFile().toString());
                env.put(ISSUER_KEY_FILE, identity.signingKeyFile().toString());
            }
            case GATEWAY -> {
                putIfPresent(env, ISSUER_URI, issuer);
                // a comma-separated list when a service runs as several instances: the gateway balances over them
                catalog.stream()
                        .filter(c -> c.role() != ComponentSpec.Role.GATEWAY)
                        .forEach(service -> env.put(service.urlVariable(), service.urls()));
            }
        }
        env.putAll(component.environment());
        return env;
    }

    private static void putIfPresent(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}

package io.pulsecrm.deploy.catalog;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One component the launcher can start: a service, the issuer or the gateway, packaged as an executable jar, run as
 * one or more instances (replicas), each its own child JVM on its own port, sharing the component's database.
 *
 * @param name     component name, also the Maven module and (for a single instance) the log file name, e.g.
 *                 {@code contacts-service}
 * @param role     what environment it needs
 * @param ports    the HTTP port of each instance, the first instance's first; one port = one instance
 * @param jar      executable jar started with {@code java -jar}
 * @param database the service's own MongoDB database; {@code null} for the gateway and the issuer
 * @param environment extra environment variables on top of those the runner sets (settings a test needs)
 */
public record ComponentSpec(String name, Role role, List<Integer> ports, Path jar, String database,
                            Map<String, String> environment) {

    /** A service owns a database; the identity issuer signs tokens; the gateway fronts them all. */
    public enum Role { SERVICE, IDENTITY, GATEWAY }

    private static final String SERVICE_SUFFIX = "-service";
    static final String READINESS_PATH = "/actuator/health/readiness";
    /** Without explicit ports, instance n (1-based) listens on the first port + (n - 1) * this: 8081, 8181, 8281. */
    public static final int REPLICA_PORT_STEP = 100;
    /** Beyond this a typo ({@code contacts=20}) is more likely than a wish; two cores hold a handful of JVMs. */
    public static final int MAX_REPLICAS = 9;

    public ComponentSpec {
        if (role == Role.SERVICE && database == null) {
            throw new IllegalArgumentException(name + " is a service and needs its own database");
        }
        ports = List.copyOf(ports);
        if (ports.isEmpty() || ports.size() > MAX_REPLICAS) {
            throw new IllegalArgumentException(name + " needs 1 to " + MAX_REPLICAS + " instances, not " + ports.size());
        }
        if (role == Role.IDENTITY && ports.size() > 1) {
            // the local issuer keeps sign-in sessions and authorization codes in its memory
            throw new IllegalArgumentException(name + " runs as one instance: it keeps sign-in sessions in memory");
        }
        environment = Map.copyOf(environment);
    }

    public static ComponentSpec service(String name, int port, Path jar, String database) {
        return new ComponentSpec(name, Role.SERVICE, List.of(port), jar, database, Map.of());
    }

    public static ComponentSpec identity(String name, int port, Path jar) {
        return new ComponentSpec(name, Role.IDENTITY, List.of(port), jar, null, Map.of());
    }

    public static ComponentSpec gateway(String name, int port, Path jar) {
        return new ComponentSpec(name, Role.GATEWAY, List.of(port), jar, null, Map.of());
    }

    public ComponentSpec withEnvironment(Map<String, String> extra) {
        return new ComponentSpec(name, role, ports, jar, database, extra);
    }

    /** The same component as {@code count} instances on the first port and its steps ({@link #REPLICA_PORT_STEP}). */
    public ComponentSpec withReplicas(int count) {
        if (count < 1 || count > MAX_REPLICAS) {
            throw new IllegalArgumentException(name + " needs 1 to " + MAX_REPLICAS + " instances, not " + count);
        }
        return withPorts(IntStream.range(0, count).mapToObj(i -> port() + i * REPLICA_PORT_STEP).toList());
    }

    /** The same component as one instance per port, e.g. on free ports in tests. */
    public ComponentSpec withPorts(List<Integer> instancePorts) {
        return new ComponentSpec(name, role, instancePorts, jar, database, environment);
    }

    /** The first instance's port. */
    public int port() {
        return ports.getFirst();
    }

    public int replicas() {
        return ports.size();
    }

    /** Its instances, in order; a single one is named like the component, several {@code <name>-1}, {@code <name>-2}, ... */
    public List<Instance> instances() {
        return IntStream.range(0, ports.size())
                .mapToObj(i -> new Instance(this, ports.size() == 1 ? name : name + "-" + (i + 1), ports.get(i)))
                .toList();
    }

    /** {@code contacts} for {@code contacts-service}; accepted by {@code --only}. */
    public String shortName() {
        return name.endsWith(SERVICE_SUFFIX) ? name.substring(0, name.length() - SERVICE_SUFFIX.length()) : name;
    }

    /** The first instance's address. */
    public URI baseUrl() {
        return instances().getFirst().baseUrl();
    }

    public URI readinessUrl() {
        return instances().getFirst().readinessUrl();
    }

    /**
     * Every instance's address, comma-separated: the value of {@link #urlVariable()}. The gateway balances over them;
     * with one instance it is a single URL, as a Kubernetes Service's would be.
     */
    public String urls() {
        return String.join(",", instances().stream().map(instance -> instance.baseUrl().toString()).toList());
    }

    /** The variable through which the gateway learns this service's address: {@code CONTACTS_SERVICE_URL}. */
    public String urlVariable() {
        return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }

    /**
     * One instance: its own child JVM and port.
     *
     * @param name e.g. {@code contacts-service-2}; names its log and pid files
     */
    public record Instance(ComponentSpec component, String name, int port) {

        public URI baseUrl() {
            return URI.create("http://127.0.0.1:" + port);
        }

        public URI readinessUrl() {
            return baseUrl().resolve(READINESS_PATH);
        }
    }
}

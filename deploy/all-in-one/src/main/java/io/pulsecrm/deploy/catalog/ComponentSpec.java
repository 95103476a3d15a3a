package io.pulsecrm.deploy.catalog;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One child process the launcher can start: a service or the gateway, packaged as an executable jar.
 *
 * @param name     process name, also the Maven module and log file name (e.g. {@code contacts-service})
 * @param role     what environment it needs
 * @param port     HTTP port it listens on
 * @param jar      executable jar started with {@code java -jar}
 * @param database the service's own MongoDB database; {@code null} for the gateway and the issuer
 * @param environment extra environment variables on top of those the runner sets (settings a test needs)
 */
public record ComponentSpec(String name, Role role, int port, Path jar, String database, Map<String, String> environment) {

    /** A service owns a database; the identity issuer signs tokens; the gateway fronts them all. */
    public enum Role { SERVICE, IDENTITY, GATEWAY }

    private static final String SERVICE_SUFFIX = "-service";
    static final String READINESS_PATH = "/actuator/health/readiness";

    public ComponentSpec {
        if (role == Role.SERVICE && database == null) {
            throw new IllegalArgumentException(name + " is a service and needs its own database");
        }
        environment = Map.copyOf(environment);
    }

    public static ComponentSpec service(String name, int port, Path jar, String database) {
        return new ComponentSpec(name, Role.SERVICE, port, jar, database, Map.of());
    }

    public static ComponentSpec identity(String name, int port, Path jar) {
        return new ComponentSpec(name, Role.IDENTITY, port, jar, null, Map.of());
    }

    public static ComponentSpec gateway(String name, int port, Path jar) {
        return new ComponentSpec(name, Role.GATEWAY, port, jar, null, Map.of());
    }

    public ComponentSpec withEnvironment(Map<String, String> extra) {
        return new ComponentSpec(name, role, port, jar, database, extra);
    }

    /** {@code contacts} for {@code contacts-service}; accepted by {@code --only}. */
    public String shortName() {
        return name.endsWith(SERVICE_SUFFIX) ? name.substring(0, name.length() - SERVICE_SUFFIX.length()) : name;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI readinessUrl() {
        return baseUrl().resolve(READINESS_PATH);
    }

    /** The variable through which the gateway learns this service's address: {@code CONTACTS_SERVICE_URL}. */
    public String urlVariable() {
        return name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }
}

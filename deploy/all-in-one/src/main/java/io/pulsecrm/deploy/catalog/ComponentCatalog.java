package io.pulsecrm.deploy.catalog;

import java.nio.file.Path;
import java.util.List;

/** The services, the local identity issuer and the gateway of Pulse CRM, on their local ports (DESIGN.md section 10). */
public final class ComponentCatalog {

    public static final String GATEWAY = "gateway";
    public static final String CONTACTS = "contacts-service";
    public static final String IDENTITY = "identity-service";
    /** A partner client of the demo directory (deploy/all-in-one/identity/directory.yaml), as {@code id:secret}. */
    public static final String DEMO_CLIENT = "partner-erp:erp-secret";
    /** The first resource a user is pointed at once the platform is up. */
    public static final String CONTACTS_API = "/api/contacts";

    private ComponentCatalog() {
    }

    /** Every component, jars at {@code <module>/target/<module>.jar} under the repository root. */
    public static List<ComponentSpec> standard(Path repoDir) {
        return List.of(
                ComponentSpec.identity(IDENTITY, 9000, moduleJar(repoDir, IDENTITY)),
                service(repoDir, CONTACTS, 8081, "contacts"),
                service(repoDir, "deals-service", 8082, "deals"),
                service(repoDir, "tasks-service", 8083, "tasks"),
                service(repoDir, "automation-service", 8084, "automation"),
                service(repoDir, "notification-service", 8085, "notification"),
                ComponentSpec.gateway(GATEWAY, 8080, moduleJar(repoDir, GATEWAY)));
    }

    private static ComponentSpec service(Path repoDir, String module, int port, String database) {
        return ComponentSpec.service(module, port, moduleJar(repoDir, module), database);
    }

    private static Path moduleJar(Path repoDir, String module) {
        return repoDir.resolve(module).resolve("target").resolve(module + ".jar");
    }
}

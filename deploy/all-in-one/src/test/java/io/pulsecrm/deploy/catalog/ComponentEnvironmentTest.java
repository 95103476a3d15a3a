package io.pulsecrm.deploy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.pulsecrm.deploy.infra.InfrastructureEndpoints;
import org.junit.jupiter.api.Test;

class ComponentEnvironmentTest {

    private final List<ComponentSpec> catalog = ComponentCatalog.standard(Path.of("/repo"));
    private final InfrastructureEndpoints infra = new InfrastructureEndpoints("127.0.0.1:9092", "mongodb://127.0.0.1:27017");
    private final LocalIdentity identity = LocalIdentity.demo(Path.of("/repo"), Path.of("/data"));

    @Test
    void theCatalogHasEveryComponentOnItsDesignedPortWithItsOwnDatabase() {
        assertThat(catalog).extracting(ComponentSpec::name, ComponentSpec::port, ComponentSpec::database).containsExactly(
                org.assertj.core.groups.Tuple.tuple("identity-service", 9000, null),
                org.assertj.core.groups.Tuple.tuple("contacts-service", 8081, "contacts"),
                org.assertj.core.groups.Tuple.tuple("deals-service", 8082, "deals"),
                org.assertj.core.groups.Tuple.tuple("tasks-service", 8083, "tasks"),
                org.assertj.core.groups.Tuple.tuple("automation-service", 8084, "automation"),
                org.assertj.core.groups.Tuple.tuple("notification-service", 8085, "notification"),
                org.assertj.core.groups.Tuple.tuple("gateway", 8080, null));
        assertThat(catalog.get(1).jar()).isEqualTo(Path.of("/repo/contacts-service/target/contacts-service.jar"));
        assertThat(catalog.getLast().jar()).isEqualTo(Path.of("/repo/gateway/target/gateway.jar"));
        assertThat(catalog.get(1).readinessUrl()).hasToString("http://127.0.0.1:8081/actuator/health/readiness");
    }

    @Test
    void aServiceLearnsItsPortItsOwnDatabaseAndTheBroker() {
        Map<String, String> env = ComponentEnvironment.of(named("deals-service"), infra, catalog, identity);

        assertThat(env).containsEntry("PORT", "8082")
                .containsEntry("MONGODB_URI", "mongodb://127.0.0.1:27017/deals")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true")
                .containsEntry("SPRING_PROFILES_ACTIVE", "local")
                .containsEntry("PULSE_ISSUER_URI", "http://127.0.0.1:9000")
                .containsEntry("PULSE_SECURITY_DIRECTORY_FILE", "/repo/deploy/all-in-one/identity/directory.yaml")
                .containsEntry("TASKS_SERVICE_URL", "http://127.0.0.1:8083")
                .doesNotContainKey("DEALS_SERVICE_URL");
    }

    @Test
    void theGatewayLearnsEveryServiceUrlAndNothingAboutTheStores() {
        Map<String, String> env = ComponentEnvironment.of(named("gateway"), infra, catalog, identity);

        assertThat(env).containsEntry("PORT", "8080")
                .containsEntry("CONTACTS_SERVICE_URL", "http://127.0.0.1:8081")
                .containsEntry("DEALS_SERVICE_URL", "http://127.0.0.1:8082")
                .containsEntry("TASKS_SERVICE_URL", "http://127.0.0.1:8083")
                .containsEntry("AUTOMATION_SERVICE_URL", "http://127.0.0.1:8084")
                .containsEntry("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:8085")
                .containsEntry("IDENTITY_SERVICE_URL", "http://127.0.0.1:9000")
                .containsEntry("PULSE_ISSUER_URI", "http://127.0.0.1:9000")
                .doesNotContainKeys("MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theIssuerLearnsItsPublicAddressTheDirectoryAndWhereToKeepItsKey() {
        Map<String, String> env = ComponentEnvironment.of(named("identity-service"), infra, catalog, identity);

        assertThat(env).containsEntry("PORT", "9000")
                .containsEntry("PULSE_IDENTITY_ISSUER_URL", "http://127.0.0.1:9000")
                .containsEntry("PULSE_IDENTITY_DIRECTORY_FILE", "/repo/deploy/all-in-one/identity/directory.yaml")
                .containsEntry("PULSE_IDENTITY_KEY_FILE", "/data/identity/signing-key.json")
                .doesNotContainKeys("MONGODB_URI", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void replicasListenOnTheirOwnPortsShareTheDatabaseAndPeersSeeEveryInstance() {
        List<ComponentSpec> scaled = catalog.stream()
                .map(c -> c.name().equals("contacts-service") ? c.withReplicas(3) : c).toList();
        ComponentSpec contacts = scaled.get(1);

        assertThat(contacts.instances()).extracting(ComponentSpec.Instance::name, ComponentSpec.Instance::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("contacts-service-1", 8081),
                        org.assertj.core.groups.Tuple.tuple("contacts-service-2", 8181),
                        org.assertj.core.groups.Tuple.tuple("contacts-service-3", 8281));
        Map<String, String> second = ComponentEnvironment.of(contacts.instances().get(1), infra, scaled, identity);
        assertThat(second).containsEntry("PORT", "8181").containsEntry("MONGODB_URI", "mongodb://127.0.0.1:27017/contacts");

        String all = "http://127.0.0.1:8081,http://127.0.0.1:8181,http://127.0.0.1:8281";
        assertThat(ComponentEnvironment.of(named(scaled, "gateway"), infra, scaled, identity))
                .containsEntry("CONTACTS_SERVICE_URL", all).containsEntry("DEALS_SERVICE_URL", "http://127.0.0.1:8082");
        assertThat(ComponentEnvironment.of(named(scaled, "automation-service"), infra, scaled, identity))
                .containsEntry("CONTACTS_SERVICE_URL", all);
    }

    @Test
    void theIssuerRunsAsOneInstance() {
        assertThatThrownBy(() -> named("identity-service").withReplicas(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one instance");
        assertThatThrownBy(() -> named("gateway").withReplicas(10)).hasMessageContaining("1 to 9");
        assertThat(named("gateway").withReplicas(2).urls()).isEqualTo("http://127.0.0.1:8080,http://127.0.0.1:8180");
        assertThat(named("gateway").instances()).extracting(ComponentSpec.Instance::name).containsExactly("gateway");
    }

    private static ComponentSpec named(List<ComponentSpec> catalog, String name) {
        return catalog.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private ComponentSpec named(String name) {
        return catalog.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}

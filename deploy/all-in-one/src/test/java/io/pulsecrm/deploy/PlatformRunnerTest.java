package io.pulsecrm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.pulsecrm.deploy.catalog.ComponentSpec;
import io.pulsecrm.deploy.options.ComponentSelection;
import io.pulsecrm.deploy.options.LaunchOptions;
import io.pulsecrm.deploy.report.ComponentStatus;
import io.pulsecrm.deploy.report.StartupReport;
import io.pulsecrm.deploy.report.StartupReportPrinter;
import io.pulsecrm.deploy.supervision.PortCheck;
import io.pulsecrm.deploy.supervision.ReadinessProbe;
import io.pulsecrm.deploy.supervision.ServiceProcess;
import io.pulsecrm.deploy.testing.BrokenService;
import io.pulsecrm.deploy.testing.FakeService;
import io.pulsecrm.deploy.testing.TestJars;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner end to end, on free ports: the real Kafka broker and Mongo store in-process, fake services
 * as real child JVMs started with {@code java -jar}, readiness over HTTP, and an orderly shutdown.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PlatformRunnerTest {

    @TempDir
    Path dir;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final ReadinessProbe probe = new ReadinessProbe(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void startsInfrastructureAndChildrenWiresThemTogetherAndStopsEverything() throws Exception {
        ComponentSpec contacts = fakeContacts();
        ComponentSpec gateway = fakeGateway();
        LaunchOptions options = options(ComponentSelection.all());

        StartupReport report;
        try (PlatformRunner runner = new PlatformRunner(options, List.of(contacts, gateway), probe, out())) {
            report = runner.start();

            assertThat(report.allUp()).as(console.toString()).isTrue();
            assertThat(report.components()).extracting(ComponentStatus::name)
                    .containsExactly("kafka", "mongo", "contacts-service", "gateway");
            assertThat(report.firstCall()).isEqualTo("curl -s http://127.0.0.1:" + gateway.port() + "/api/contacts");
            // each child JVM holds memory of its own; Kafka and Mongo share the runner's
            assertThat(report.components()).filteredOn(c -> c.logFile() != null)
                    .allSatisfy(child -> assertThat(child.residentBytes().orElse(0)).as(child.name())
                            .isGreaterThan(1024 * 1024));
            assertThat(report.runnerResidentBytes()).isPresent();
            assertThat(report.totalResidentBytes().getAsLong()).isGreaterThan(report.runnerResidentBytes().getAsLong());

            String mongo = report.endpoints().mongoConnectionString();
            String kafka = report.endpoints().kafkaBootstrapServers();
            assertThat(envOf(contacts)).contains("MONGODB_URI=" + mongo + "/contacts", "KAFKA_BOOTSTRAP_SERVERS=" + kafka,
                    "PORT=" + contacts.port());
            assertThat(envOf(gateway)).contains("CONTACTS_SERVICE_URL=http://127.0.0.1:" + contacts.port());

            try (MongoClient client = MongoClients.create(report.endpoints().mongoUri("contacts"))) {
                client.getDatabase("contacts").getCollection("probe").insertOne(new Document("_id", "p1"));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(options.runDir().resolve("contacts-service.pid")).exists();
        }

        assertThat(console.toString()).containsPattern("Stopping .*contacts-service")
                .contains("Stopping MongoDB and Kafka", "Pulse CRM stopped.");
        assertThat(PortCheck.isFree(contacts.port())).isTrue();
        assertThat(PortCheck.isFree(options.mongoPort())).isTrue();
        assertThat(PortCheck.isFree(options.kafkaPort())).isTrue();
        assertThat(options.runDir().resolve("contacts-service.pid")).doesNotExist();
        assertThat(options.kafkaDataDir().resolve("meta.properties")).as("Kafka data stays for the next start").exists();
        assertThat(options.mongoDataFile()).as("Mongo data stays for the next start").exists();

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        new StartupReportPrinter(new PrintStream(table, true, StandardCharsets.UTF_8)).print(report);
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("Pulse CRM is up", "contacts-service", "UP",
                "mongodb://127.0.0.1:" + options.mongoPort() + "/contacts", options.logDir().toString(), "MEMORY",
                "resident in all (this runner with Kafka and MongoDB: ");
    }

    @Test
    void oneComponentIsStoppedAndStartedAgainWhileTheRestKeepsRunning() throws Exception {
        ComponentSpec contacts = fakeContacts();
        ComponentSpec gateway = fakeGateway();
        LaunchOptions options = options(ComponentSelection.all());

        try (PlatformRunner runner = new PlatformRunner(options, List.of(contacts, gateway), probe, out())) {
            assertThat(runner.start().allUp()).as(console.toString()).isTrue();

            assertThat(runner.stopComponent("contacts-service")).isEqualTo(ServiceProcess.StopOutcome.STOPPED);
            assertThat(PortCheck.isFree(contacts.port())).isTrue();
            assertThat(options.runDir().resolve("contacts-service.pid")).doesNotExist();
            assertThat(envOf(gateway)).as("the gateway still answers").isNotEmpty();
            assertThatThrownBy(() -> runner.startComponent("nobody")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("contacts-service, gateway");

            ComponentStatus restarted = runner.startComponent("contacts-service");

            assertThat(restarted.isUp()).as(restarted.toString()).isTrue();
            assertThat(envOf(contacts)).contains("PORT=" + contacts.port());
            assertThat(options.runDir().resolve("contacts-service.pid")).exists();
            assertThat(options.logDir().resolve("contacts-service.log.1")).as("the first run's log is kept").exists();
            assertThatThrownBy(() -> runner.startComponent("contacts-service")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(PortCheck.isFree(contacts.port())).as("the restarted child is stopped with the rest").isTrue();
    }

    @Test
    void replicasRunSideBySideAndOneIsKilledAndStartedAgainWhileTheOtherServes() throws Exception {
        ComponentSpec contacts = fakeContacts().withPorts(List.of(TestJars.freePort(), TestJars.freePort()));
        ComponentSpec gateway = fakeGateway();
        ComponentSpec.Instance first = contacts.instances().getFirst();
        ComponentSpec.Instance second = contacts.instances().getLast();
        LaunchOptions options = options(ComponentSelection.all());

        try (PlatformRunner runner = new PlatformRunner(options, List.of(contacts, gateway), probe, out())) {
            StartupReport report = runner.start();

            assertThat(report.allUp()).as(console.toString()).isTrue();
            assertThat(report.components()).extracting(ComponentStatus::name)
                    .containsExactly("kafka", "mongo", "contacts-service-1", "contacts-service-2", "gateway");
            String mongo = report.endpoints().mongoConnectionString();
            assertThat(envOf(first.baseUrl())).contains("PORT=" + first.port(), "MONGODB_URI=" + mongo + "/contacts");
            assertThat(envOf(second.baseUrl())).contains("PORT=" + second.port(), "MONGODB_URI=" + mongo + "/contacts");
            assertThat(envOf(gateway.baseUrl())).contains("CONTACTS_SERVICE_URL=" + first.baseUrl() + "," + second.baseUrl());
            assertThat(runner.instancesOf("contacts-service")).containsExactly(first, second);
            long secondPid = Long.parseLong(Files.readString(options.runDir().resolve("contacts-service-2.pid")).strip());
            assertThat(ProcessHandle.of(secondPid).orElseThrow().info().commandLine().orElseThrow())
                    .as("the instance is named on its command line").contains("-Dpulse.instance=contacts-service-2");

            assertThat(runner.killComponent("contacts-service-1")).isEqualTo(ServiceProcess.StopOutcome.KILLED);

            assertThat(PortCheck.isFree(first.port())).isTrue();
            assertThat(options.runDir().resolve("contacts-service-1.pid")).doesNotExist();
            assertThat(envOf(second.baseUrl())).as("the other replica still serves").isNotEmpty();
            assertThatThrownBy(() -> runner.startComponent("contacts-service-2")).isInstanceOf(IllegalStateException.class);

            ComponentStatus restarted = runner.startComponent("contacts-service-1");

            assertThat(restarted.isUp()).as(restarted.toString()).isTrue();
            assertThat(restarted.name()).isEqualTo("contacts-service-1");
            assertThat(envOf(first.baseUrl())).contains("PORT=" + first.port());
            assertThat(options.logDir().resolve("contacts-service-1.log.1")).as("the killed run's log is kept").exists();

            assertThat(runner.stopComponent("contacts-service")).as("the component's name means every instance")
                    .isEqualTo(ServiceProcess.StopOutcome.STOPPED);
            assertThat(PortCheck.isFree(first.port()) && PortCheck.isFree(second.port())).isTrue();
            assertThat(runner.startComponent("contacts-service").isUp()).isTrue();
            assertThat(envOf(second.baseUrl())).isNotEmpty();
        }
        assertThat(PortCheck.isFree(first.port()) && PortCheck.isFree(second.port())).isTrue();
    }

    @Test
    void replicasAskedForByNameMustNameAComponentThatCanHaveThem() {
        LaunchOptions options = options(ComponentSelection.all());
        List<ComponentSpec> catalog = List.of(fakeContacts(),
                ComponentSpec.identity("identity-service", TestJars.freePort(), dir.resolve("identity-service.jar")));

        assertThatThrownBy(() -> new PlatformRunner(withReplicas(options, Map.of("contracts", 2)), catalog, probe, out()))
                .isInstanceOf(io.pulsecrm.deploy.options.UsageException.class).hasMessageContaining("'contracts'");
        assertThatThrownBy(() -> new PlatformRunner(withReplicas(options, Map.of("identity", 2)), catalog, probe, out()))
                .isInstanceOf(io.pulsecrm.deploy.options.UsageException.class).hasMessageContaining("one instance");
    }

    @Test
    void theBrokerAndTheStoreRestartInPlaceKeepingTheirData() throws Exception {
        LaunchOptions options = options(ComponentSelection.none());
        try (PlatformRunner runner = new PlatformRunner(options, List.of(), probe, out())) {
            StartupReport report = runner.start();
            String kafka = report.endpoints().kafkaBootstrapServers();
            try (MongoClient client = MongoClients.create(report.endpoints().mongoUri("contacts"));
                 Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
                var probes = client.getDatabase("contacts").getCollection("probe");
                probes.insertOne(new Document("_id", "before"));
                admin.createTopics(List.of(new NewTopic("pulse.test.restart.v1", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);

                assertThat(runner.restartMongo(Duration.ofMillis(200))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
                assertThat(runner.restartKafka(Duration.ZERO)).isPositive();

                // the same clients carry on: drivers reconnect to the same addresses (a read is retried once on a
                // connection the restart closed, which also clears the driver's pool of them)
                assertThat(probes.countDocuments()).as("documents written before the restart are still there").isEqualTo(1);
                probes.insertOne(new Document("_id", "after"));
                assertThat(probes.countDocuments()).isEqualTo(2);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("pulse.test.restart.v1");
            }
            assertThat(PortCheck.isFree(options.mongoPort())).isFalse();
            assertThat(PortCheck.isFree(options.kafkaPort())).isFalse();
        }
        assertThat(PortCheck.isFree(options.kafkaPort())).isTrue();
    }

    @Test
    void aServiceThatCannotStartIsReportedWithItsLogWhileTheOthersComeUp() {
        ComponentSpec broken = ComponentSpec.service("deals-service", TestJars.freePort(),
                TestJars.brokenServiceJar(dir.resolve("jars"), "deals-service"), "deals");
        ComponentSpec missing = ComponentSpec.service("tasks-service", TestJars.freePort(),
                dir.resolve("nowhere/tasks-service.jar"), "tasks");

        try (PlatformRunner runner = new PlatformRunner(options(ComponentSelection.all()), List.of(broken, missing),
                probe, out())) {
            StartupReport report = runner.start();

            assertThat(report.allUp()).isFalse();
            assertThat(report.failures()).extracting(ComponentStatus::name, ComponentStatus::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("deals-service", ComponentStatus.State.FAILED),
                    org.assertj.core.groups.Tuple.tuple("tasks-service", ComponentStatus.State.NOT_BUILT));
            assertThat(report.failures().getFirst().detail()).startsWith("exited with code " + BrokenService.EXIT_CODE);
            assertThat(report.logTails().get("deals-service")).contains(BrokenService.COMPLAINT);

            ByteArrayOutputStream table = new ByteArrayOutputStream();
            new StartupReportPrinter(new PrintStream(table, true, StandardCharsets.UTF_8)).print(report);
            assertThat(table.toString(StandardCharsets.UTF_8)).contains("did NOT start cleanly",
                    "ERROR: deals-service did not start: exited with code " + BrokenService.EXIT_CODE,
                    "Log: " + dir.resolve("data/logs/deals-service.log"),
                    "| " + BrokenService.COMPLAINT,
                    "no jar at " + dir.resolve("nowhere/tasks-service.jar"));
        }
    }

    @Test
    void busyPortsStopTheStartBeforeAnythingRuns() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            LaunchOptions options = options(ComponentSelection.none());
            LaunchOptions clashing = new LaunchOptions(options.repoDir(), options.dataDir(), options.selection(),
                    options.kafkaPort(), options.kafkaControllerPort(), taken.getLocalPort(), options.startupTimeout(),
                    options.stopGracePeriod(), options.childJvmOptions(), false, false, false);

            try (PlatformRunner runner = new PlatformRunner(clashing, List.of(), probe, out())) {
                assertThatThrownBy(runner::start).isInstanceOf(StartupException.class)
                        .hasMessageContaining("port " + taken.getLocalPort() + " (MongoDB) is already in use");
            }
        }
    }

    @Test
    void twoComponentsGivenOnePortStopTheStartBeforeAnythingRuns() {
        int port = TestJars.freePort();
        ComponentSpec contacts = ComponentSpec.service("contacts-service", port,
                TestJars.fakeServiceJar(dir.resolve("jars"), "contacts-service"), "contacts");
        ComponentSpec deals = ComponentSpec.service("deals-service", port,
                TestJars.fakeServiceJar(dir.resolve("jars"), "deals-service"), "deals");

        try (PlatformRunner runner = new PlatformRunner(options(ComponentSelection.all()), List.of(contacts, deals), probe, out())) {
            assertThatThrownBy(runner::start).isInstanceOf(StartupException.class)
                    .hasMessageContaining("port " + port + " is given to both contacts-service and deals-service");
        }
    }

    private ComponentSpec fakeContacts() {
        return ComponentSpec.service("contacts-service", TestJars.freePort(),
                TestJars.fakeServiceJar(dir.resolve("jars"), "contacts-service"), "contacts");
    }

    private ComponentSpec fakeGateway() {
        return ComponentSpec.gateway("gateway", TestJars.freePort(), TestJars.fakeServiceJar(dir.resolve("jars"), "gateway"));
    }

    private LaunchOptions options(ComponentSelection selection) {
        return new LaunchOptions(dir, dir.resolve("data"), selection, TestJars.freePort(), TestJars.freePort(),
                TestJars.freePort(), Duration.ofSeconds(30), Duration.ofSeconds(10),
                List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"), false, false, false);
    }

    private static LaunchOptions withReplicas(LaunchOptions o, Map<String, Integer> replicas) {
        return new LaunchOptions(o.repoDir(), o.dataDir(), o.selection(), o.kafkaPort(), o.kafkaControllerPort(),
                o.mongoPort(), o.startupTimeout(), o.stopGracePeriod(), o.childJvmOptions(), false, false, false, replicas);
    }

    private PrintStream out() {
        return new PrintStream(console, true, StandardCharsets.UTF_8);
    }

    private static List<String> envOf(ComponentSpec component) throws Exception {
        return envOf(component.baseUrl());
    }

    private static List<String> envOf(URI baseUrl) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create(baseUrl + FakeService.ENV_PATH)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().toList();
        }
    }
}

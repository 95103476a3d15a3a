package io.pulsecrm.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.pulsecrm.deploy.PlatformRunner;
import io.pulsecrm.deploy.catalog.ComponentSpec;
import io.pulsecrm.deploy.catalog.LocalIdentity;
import io.pulsecrm.deploy.options.ComponentSelection;
import io.pulsecrm.deploy.options.LaunchOptions;
import io.pulsecrm.deploy.report.StartupReport;
import io.pulsecrm.deploy.report.StartupReportPrinter;
import io.pulsecrm.deploy.supervision.FreePorts;
import io.pulsecrm.deploy.supervision.ReadinessProbe;

/** What every end-to-end platform needs: the jars, a users directory, free ports, and the runner that starts them. */
public final class E2ePlatforms {

    private E2ePlatforms() {
    }

    /** The repository root (Maven passes it to the tests). */
    public static Path repository() {
        return Path.of(System.getProperty("pulse.repo.dir", "..")).toAbsolutePath().normalize();
    }

    /** The executable jar a module's build left, e.g. {@code contacts-service/target/contacts-service.jar}. */
    public static Path jar(Path repo, String module) {
        return repo.resolve(module).resolve("target").resolve(module + ".jar");
    }

    /**
     * The test users directory ({@code e2e-directory.yaml}: the same members as the services' TestIdentity), written
     * into {@code dir}, with the web app's sign-in redirects pointing at the gateway on {@code gatewayPort}.
     */
    public static Path usersDirectory(Path dir, int gatewayPort) {
        Path directory = dir.resolve("directory.yaml");
        try (InputStream in = E2ePlatforms.class.getResourceAsStream("/e2e-directory.yaml")) {
            Files.writeString(directory, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${gateway}", "http://127.0.0.1:" + gatewayPort));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port for a component of a platform ({@link FreePorts}). */
    public static int freePort() {
        return FreePorts.next();
    }

    /** A platform started by the runner, and where its broker listens. */
    public record Started(PlatformRunner runner, String kafkaBootstrapServers) {
    }

    /**
     * Starts Kafka and the store (in this JVM, data in {@code data}) and {@code components} from their jars on their
     * ports, prints the startup table, and stops everything when this JVM ends.
     *
     * @throws IllegalStateException if a component did not become ready (what did start is stopped again)
     */
    public static Started start(Path repo, Path data, Path usersDirectory, List<ComponentSpec> components) {
        // many JVMs starting at once on two cores, maybe shared with other work: generous, it only matters when
        // something is wrong
        Duration startupTimeout = Duration.ofMinutes(Math.max(6, components.stream().mapToInt(ComponentSpec::replicas).sum()));
        LaunchOptions options = new LaunchOptions(repo, data, ComponentSelection.all(), freePort(), freePort(), freePort(),
                startupTimeout, Duration.ofSeconds(20), LaunchOptions.DEFAULT_CHILD_JVM_OPTIONS, false, false, false);
        PlatformRunner runner = new PlatformRunner(options, components,
                new LocalIdentity(usersDirectory, data.resolve("signing-key.json")), ReadinessProbe.standard(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
        StartupReport report = runner.start();
        new StartupReportPrinter(System.out).print(report);
        if (!report.allUp()) {
            runner.close();
            throw new IllegalStateException("the platform did not start; see the report above and " + options.logDir());
        }
        return new Started(runner, report.endpoints().kafkaBootstrapServers());
    }
}

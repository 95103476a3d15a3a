package io.pulsecrm.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.pulsecrm.deploy.PlatformRunner;
import io.pulsecrm.deploy.catalog.ComponentSpec;
import io.pulsecrm.deploy.catalog.LocalIdentity;
import io.pulsecrm.deploy.options.ComponentSelection;
import io.pulsecrm.deploy.options.LaunchOptions;
import io.pulsecrm.deploy.report.ComponentStatus;
import io.pulsecrm.deploy.report.StartupReport;
import io.pulsecrm.deploy.report.StartupReportPrinter;
import io.pulsecrm.deploy.supervision.ReadinessProbe;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.OidcClient;

/**
 * The real platform for end-to-end tests: the local runner starts Kafka and MongoDB in this JVM and the
 * identity issuer, the services and the gateway from their executable jars, on free ports, once per test JVM.
 * Tests talk to the gateway only, with tokens from the issuer, as a web client or a partner would.
 */
final class E2ePlatform {

    static final String WEB_CLIENT = "pulse-web";
    static final String WEB_REDIRECT = "http://127.0.0.1:65535/callback";
    /** A partner whose rate limit at the gateway is tiny, to see 429s without flooding the machine. */
    static final String LIMITED_CLIENT = "partner-limited";
    static final int LIMITED_CLIENT_CAPACITY = 5;
    /** Admins (the fuzzer among them) send thousands of requests a minute here; the default budget is 600. */
    static final int ADMIN_CAPACITY = 1_000_000;
    /** Every service: automation acts through contacts, deals and tasks, notification delivers what it sends. */
    static final List<String> SERVICES = List.of("contacts", "deals", "tasks", "automation", "notification");

    private static E2ePlatform shared;
    private static RuntimeException failedStart;

    private final ComponentSpec gateway;
    private final ComponentSpec identity;
    private final List<ComponentSpec> services;
    private final PlatformRunner runner;
    private final String kafkaBootstrapServers;
    private final OidcClient oidc;
    private final Map<String, String> userTokens = new ConcurrentHashMap<>();

    private E2ePlatform() throws IOException {
        Path repo = Path.of(System.getProperty("pulse.repo.dir", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("pulse-e2e");
        int gatewayPort = freePort();
        Path directory = data.resolve("directory.yaml");
        try (InputStream in = E2ePlatform.class.getResourceAsStream("/e2e-directory.yaml")) {
            Files.writeString(directory, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${gateway}", "http://127.0.0.1:" + gatewayPort));
        }
        identity = ComponentSpec.identity("identity-service", freePort(), jar(repo, "identity-service"));
        services = new java.util.ArrayList<>();
        for (String service : SERVICES) {
            services.add(ComponentSpec.service(service + "-service", freePort(), jar(repo, service + "-service"), service));
        }
        gateway = ComponentSpec.gateway("gateway", gatewayPort, jar(repo, "gateway"))
                .withEnvironment(Map.of("SPRING_APPLICATION_JSON", """
                        {"pulse.gateway.rate-limits.clients.%s.capacity": %d,
                         "pulse.gateway.rate-limits.clients.%s.refill-period": "1h",
                         "pulse.gateway.rate-limits.roles.admin.capacity": %d}"""
                        .formatted(LIMITED_CLIENT, LIMITED_CLIENT_CAPACITY, LIMITED_CLIENT, ADMIN_CAPACITY)));
        LaunchOptions options = new LaunchOptions(repo, data, ComponentSelection.all(), freePort(), freePort(), freePort(),
                // seven JVMs starting at once on two cores: generous, it only matters when something is wrong
                Duration.ofMinutes(6), Duration.ofSeconds(20), LaunchOptions.DEFAULT_CHILD_JVM_OPTIONS,
                false, false, false);
        List<ComponentSpec> components = new java.util.ArrayList<>();
        components.add(identity);
        components.addAll(services);
        components.add(gateway);
        runner = new PlatformRunner(options, components,
                new LocalIdentity(directory, data.resolve("signing-key.json")), ReadinessProbe.standard(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(runner::close));
        StartupReport report = runner.start();
        new StartupReportPrinter(System.out).print(report);
        if (!report.allUp()) {
            throw new IllegalStateException("the platform did not start; see the report above and " + options.logDir());
        }
        kafkaBootstrapServers = report.endpoints().kafkaBootstrapServers();
        oidc = new OidcClient(identity.baseUrl().toString());
    }

    /** Started once per test JVM; a failed start is reported to every test class rather than tried again. */
    static synchronized E2ePlatform shared() {
        if (failedStart != null) {
            throw failedStart;
        }
        if (shared == null) {
            try {
                shared = new E2ePlatform();
            } catch (IOException e) {
                failedStart = new UncheckedIOException(e);
                throw failedStart;
            } catch (RuntimeException e) {
                failedStart = e;
                throw e;
            }
        }
        return shared;
    }

    /**
     * A component's own address, bypassing the gateway: for what only the component serves, such as its OpenAPI
     * document ({@code identity} or a service of {@link #SERVICES}).
     */
    java.net.URI componentUrl(String component) {
        if (component.equals("identity")) {
            return identity.baseUrl();
        }
        return services.stream().filter(service -> service.shortName().equals(component)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component " + component)).baseUrl();
    }

    /** Where a browser opens the web app (the gateway serves it at /). */
    String gatewayUrl() {
        return gateway.baseUrl().toString().replaceAll("/$", "");
    }

    /** The gateway, without credentials. */
    ApiClient gateway() {
        return new ApiClient(gateway.baseUrl().toString());
    }

    /** The gateway, as a member who signed in through the issuer (their password is their id in the test directory). */
    ApiClient as(String user) {
        return gateway().withToken(userToken(user));
    }

    String userToken(String user) {
        return userTokens.computeIfAbsent(user, u -> oidc.userToken(WEB_CLIENT, WEB_REDIRECT, u, u));
    }

    /** The gateway, as a partner application with a client-credentials token. */
    ApiClient asClient(String clientId, String secret) {
        return gateway().withToken(oidc.clientToken(clientId, secret));
    }

    OidcClient oidc() {
        return oidc;
    }

    /** The broker the services use, for tests that read or (re)publish events as a service would. */
    String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** Stops one component gracefully (e.g. {@code automation-service}); the rest of the platform keeps running. */
    void stop(String component) {
        runner.stopComponent(component);
    }

    /** Starts a stopped component again and waits until it is ready. */
    void start(String component) {
        ComponentStatus status = runner.startComponent(component);
        if (!status.isUp()) {
            throw new IllegalStateException(component + " did not start again: " + status.detail() + " (log: "
                    + status.logFile() + ")");
        }
    }

    private static Path jar(Path repo, String module) {
        return repo.resolve(module).resolve("target").resolve(module + ".jar");
    }

    /** Ports handed out so far: the OS may offer a port again once its probe socket is closed. */
    private static final java.util.Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}

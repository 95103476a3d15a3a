package io.pulsecrm.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.pulsecrm.deploy.PlatformRunner;
import io.pulsecrm.deploy.catalog.ComponentSpec;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.OidcClient;

/**
 * The real platform for end-to-end tests: the local runner starts Kafka and MongoDB in this JVM and the
 * identity issuer, the services and the gateway from their executable jars, on free ports, once per test JVM.
 * Tests talk to the gateway only, with tokens from the issuer, as a web client or a partner would.
 */
final class E2ePlatform {

    static final String WEB_CLIENT = GatewayClients.WEB_CLIENT;
    static final String WEB_REDIRECT = GatewayClients.WEB_REDIRECT;
    /** A partner whose rate limit at the gateway is tiny, to see 429s without flooding the machine. */
    static final String LIMITED_CLIENT = "partner-limited";
    static final int LIMITED_CLIENT_CAPACITY = 5;
    /** Admins (the fuzzer among them) send thousands of requests a minute here; the default budget is 600. */
    static final int ADMIN_CAPACITY = 1_000_000;
    /** Every service: automation acts through contacts, deals and tasks, notification delivers what it sends. */
    static final List<String> SERVICES = List.of("contacts", "deals", "tasks", "automation", "notification");
    /** The services that send email: pointed at the platform's own SMTP server ({@link #mail()}). */
    static final List<String> MAILING_SERVICES = List.of("deals", "notification");

    private static E2ePlatform shared;
    private static RuntimeException failedStart;

    private final ComponentSpec gateway;
    private final ComponentSpec identity;
    private final List<ComponentSpec> services;
    private final PlatformRunner runner;
    private final String kafkaBootstrapServers;
    private final GatewayClients clients;
    private final GreenMail mail;

    private E2ePlatform() throws IOException {
        Path repo = E2ePlatforms.repository();
        Path data = Files.createTempDirectory("pulse-e2e");
        int gatewayPort = freePort();
        Path directory = E2ePlatforms.usersDirectory(data, gatewayPort);
        identity = ComponentSpec.identity("identity-service", freePort(), jar(repo, "identity-service"));
        // a real SMTP server in this JVM: what the services email arrives here, for the tests to read
        mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        services = new java.util.ArrayList<>();
        for (String service : SERVICES) {
            ComponentSpec spec = ComponentSpec.service(service + "-service", freePort(), jar(repo, service + "-service"), service);
            if (MAILING_SERVICES.contains(service)) {
                spec = spec.withEnvironment(Map.of("SPRING_MAIL_HOST", "127.0.0.1",
                        "SPRING_MAIL_PORT", String.valueOf(mail.getSmtp().getPort())));
            }
            services.add(spec);
        }
        gateway = ComponentSpec.gateway("gateway", gatewayPort, jar(repo, "gateway"))
                .withEnvironment(Map.of("SPRING_APPLICATION_JSON", """
                        {"pulse.gateway.rate-limits.clients.%s.capacity": %d,
                         "pulse.gateway.rate-limits.clients.%s.refill-period": "1h",
                         "pulse.gateway.rate-limits.roles.admin.capacity": %d}"""
                        .formatted(LIMITED_CLIENT, LIMITED_CLIENT_CAPACITY, LIMITED_CLIENT, ADMIN_CAPACITY)));
        List<ComponentSpec> components = new java.util.ArrayList<>();
        components.add(identity);
        components.addAll(services);
        components.add(gateway);
        E2ePlatforms.Started started = E2ePlatforms.start(repo, data, directory, components);
        runner = started.runner();
        kafkaBootstrapServers = started.kafkaBootstrapServers();
        clients = new GatewayClients(gateway.baseUrl().toString(), identity.baseUrl().toString());
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
        return clients.gateway();
    }

    /** The gateway, as a member who signed in through the issuer (their password is their id in the test directory). */
    ApiClient as(String user) {
        return clients.as(user);
    }

    String userToken(String user) {
        return clients.userToken(user);
    }

    /** The gateway, as a partner application with a client-credentials token. */
    ApiClient asClient(String clientId, String secret) {
        return clients.asClient(clientId, secret);
    }

    OidcClient oidc() {
        return clients.oidc();
    }

    /** The SMTP server deals-service and notification-service send to: every email they sent, as received. */
    GreenMail mail() {
        return mail;
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
        GatewayClients.startAgain(runner, component);
    }

    private static Path jar(Path repo, String module) {
        return E2ePlatforms.jar(repo, module);
    }

    private static int freePort() {
        return E2ePlatforms.freePort();
    }
}

package io.pulsecrm.e2e.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.pulsecrm.deploy.PlatformRunner;
import io.pulsecrm.deploy.catalog.ComponentSpec;
import io.pulsecrm.e2e.E2ePlatforms;
import io.pulsecrm.e2e.GatewayClients;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform with every service as several instances, built from the local runner: Kafka and the store (H2 on
 * disk, so a restart keeps its data) in this JVM, the issuer, {@code replicas} instances of each service and the
 * gateway as child JVMs on free ports. The gateway balances over the instances; automation-service spreads its calls
 * over them. Its own platform, separate from the shared {@code E2ePlatform}: it is killed and restarted piece by piece.
 *
 * <p>Leases and timeouts that decide how soon a crashed replica's work is taken over are shortened (each is a setting
 * with a production default in minutes), so that recovery fits the test's budget; the mechanisms are the same.
 */
final class ScaleOutPlatform implements AutoCloseable {

    static final List<String> SERVICES = List.of("contacts", "deals", "tasks", "automation", "notification");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Settings of every service: how soon a dead replica's claims (events, request keys) and group membership lapse. */
    private static final Map<String, Object> EVERY_SERVICE = Map.of(
            "pulse.consumer.claim-timeout", "15s",
            "pulse.web.idempotency-claim-timeout", "20s",
            "pulse.outbox.sweep-interval", "2s",
            "pulse.outbox.sweep-grace", "4s",
            "spring.kafka.consumer.properties.session.timeout.ms", 10000,
            "spring.kafka.consumer.properties.heartbeat.interval.ms", 2000);

    private final PlatformRunner runner;
    private final ComponentSpec gateway;
    private final ComponentSpec identity;
    private final String kafkaBootstrapServers;
    private final GatewayClients clients;

    /**
     * @param replicas  instances of each service
     * @param smtpPort  where notification-service sends email (a GreenMail server of the test)
     */
    ScaleOutPlatform(int replicas, int smtpPort) {
        try {
            Path repo = E2ePlatforms.repository();
            Path data = Files.createTempDirectory("pulse-scale-out");
            int gatewayPort = E2ePlatforms.freePort();
            Path directory = E2ePlatforms.usersDirectory(data, gatewayPort);
            identity = ComponentSpec.identity("identity-service", E2ePlatforms.freePort(), E2ePlatforms.jar(repo, "identity-service"));
            List<ComponentSpec> components = new ArrayList<>();
            components.add(identity);
            for (String service : SERVICES) {
                String module = service + "-service";
                components.add(ComponentSpec.service(module, E2ePlatforms.freePort(), E2ePlatforms.jar(repo, module), service)
                        .withPorts(IntStream.range(0, replicas).mapToObj(i -> E2ePlatforms.freePort()).toList())
                        .withEnvironment(Map.of("SPRING_APPLICATION_JSON", settingsOf(service, smtpPort))));
            }
            gateway = ComponentSpec.gateway("gateway", gatewayPort, E2ePlatforms.jar(repo, "gateway"))
                    .withEnvironment(Map.of(
                            // the load is one test's, not a runaway client's; a busy 2-core machine may be slow to answer
                            "GATEWAY_RATE_LIMITS_ENABLED", "false",
                            "GATEWAY_RESPONSE_TIMEOUT_MS", "20000"));
            components.add(gateway);
            E2ePlatforms.Started started = E2ePlatforms.start(repo, data, directory, components);
            runner = started.runner();
            kafkaBootstrapServers = started.kafkaBootstrapServers();
            clients = new GatewayClients(gateway.baseUrl().toString(), identity.baseUrl().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String settingsOf(String service, int smtpPort) {
        Map<String, Object> settings = new java.util.LinkedHashMap<>(EVERY_SERVICE);
        switch (service) {
            case "contacts" -> settings.put("pulse.contacts.imports.stale-after", "10s");
            case "deals" -> settings.put("pulse.deals.stall-check-interval", "2s");
            case "automation" -> settings.put("pulse.automation.runs.lease", "15s");
            case "notification" -> {
                settings.put("spring.mail.host", "127.0.0.1");
                settings.put("spring.mail.port", smtpPort);
                settings.put("pulse.notifications.email.lease", "10s");
                settings.put("pulse.notifications.email.digest.poll-interval", "2s");
                settings.put("pulse.notifications.email.digest.lease", "10s");
                settings.put("pulse.notifications.webhooks.lease", "10s");
            }
            default -> { }
        }
        return JSON.writeValueAsString(settings);
    }

    /** The gateway, without credentials or as a member who signed in through the issuer. */
    GatewayClients clients() {
        return clients;
    }

    String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** The instances of a service, e.g. {@code notification-service-1} and {@code -2}, to call one directly. */
    List<ComponentSpec.Instance> instancesOf(String service) {
        return runner.instancesOf(service + "-service");
    }

    PlatformRunner runner() {
        return runner;
    }

    /** Starts an instance again (after a kill) and waits until it is ready. */
    void start(String instance) {
        GatewayClients.startAgain(runner, instance);
    }

    @Override
    public void close() {
        runner.close();
    }
}

package io.pulsecrm.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulsecrm.platform.test.ApiClient;
import io.pulsecrm.platform.test.OidcClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The images as built, started with Podman from the chart's rendered workloads, and driven through the gateway's
 * container like a client would.
 * <p>
 * What changes for one host: {@code podman kube play} runs Pods, not Deployments and Services, so each Deployment
 * becomes one Pod named like its Service (Podman's DNS answers pod names on the test's network); Kafka and MongoDB
 * are the development stand-ins of deploy/dev-infra, one container each, instead of the operators; every container
 * port is published on a free loopback port so the test can reach it; the probes are left out, because Podman turns
 * them into {@code curl} commands inside images that have no curl on purpose, and the test does the kubelet's work,
 * polling each container's readiness endpoint as the rendered probe names it. The Secrets the chart references are
 * made the way an operator would make them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(PodmanRunIT.KeepLogsOnFailure.class)
class PodmanRunIT {

    static final String RELEASE = "pk" + UUID.randomUUID().toString().substring(0, 6);
    static final List<String> IMAGES = List.of("contacts-service", "deals-service", "tasks-service", "automation-service",
            "notification-service", "gateway", "identity-service", "dev-infra");
    static final Duration STARTUP = Duration.ofMinutes(6);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    static final Podman podman = new Podman();
    static RenderedChart chart;
    /** Container port -> the loopback port it is published on, per pod. */
    static final Map<String, Map<Integer, Integer>> published = new LinkedHashMap<>();
    static final Map<String, String> timings = new LinkedHashMap<>();
    static boolean failed;

    @BeforeAll
    static void startTheChartWithPodman() throws Exception {
        long begin = System.nanoTime();
        Path repo = RenderedChart.repoDir();
        String tag = System.getProperty("pulse.image.tag", "0.1.0-SNAPSHOT");
        for (String image : IMAGES) {
            Path tar = repo.resolve(image.equals("dev-infra") ? "deploy/dev-infra" : image)
                    .resolve("target/image/" + image + ".tar");
            assertThat(tar).as("the image of " + image + " (build with ./mvnw verify -Ppodman)").exists();
            Podman.run(Duration.ofMinutes(3), "load", "--quiet", "--input", tar.toString()).orFail("loading " + image);
        }
        timings.put("images loaded", seconds(begin));

        Map<String, String> set = new HashMap<>();
        set.put("kafka.bootstrapServers", RELEASE + "-kafka:9092");
        set.put("mongodb.external.existingSecret", RELEASE + "-mongodb-uris");
        set.put("automation.oauthClient.existingSecret", RELEASE + "-automation-client");
        set.put("identity.directory.existingSecret", RELEASE + "-identity-directory");
        set.put("image.tag", tag);
        chart = RenderedChart.render(RELEASE, List.of(RenderedChart.valuesFile("podman")), set);

        podman.network(RELEASE);
        Map<String, String> uris = new LinkedHashMap<>();
        for (String service : List.of("contacts", "deals", "tasks", "automation", "notification")) {
            uris.put(service, "mongodb://" + RELEASE + "-mongo:27017/" + service);
        }
        podman.envSecret(RELEASE + "-mongodb-uris", uris);
        podman.envSecret(RELEASE + "-automation-client", Map.of("client-id", "pulse-automation", "client-secret", "automation-secret"));
        podman.volumeSecret(RELEASE + "-identity-directory",
                Map.of("directory.yaml", Files.readString(repo.resolve("deploy/all-in-one/identity/directory.yaml"))));

        List<String> documents = new ArrayList<>();
        List<String> pods = new ArrayList<>();
        for (ObjectNode configMap : chart.ofKind("ConfigMap")) {
            documents.add(configMap.toString());
        }
        ObjectNode kafka = standIn("kafka", 9092, tag);
        ((ObjectNode) kafka.at("/spec/containers/0")).putArray("env").addObject()
                .put("name", "KAFKA_ADVERTISED_HOST").put("value", RELEASE + "-kafka");
        for (ObjectNode pod : List.of(kafka, standIn("mongo", 27017, tag))) {
            documents.add(pod.toString());
            pods.add(pod.at("/metadata/name").asText());
        }
        for (ObjectNode deployment : chart.ofKind("Deployment")) {
            ObjectNode pod = podOf(deployment);
            documents.add(pod.toString());
            pods.add(pod.at("/metadata/name").asText());
        }
        Path yaml = Files.createDirectories(Path.of("target/podman")).resolve(RELEASE + ".yaml");
        Files.writeString(yaml, String.join("\n---\n", documents));
        long play = System.nanoTime();
        podman.play(yaml, RELEASE, pods).orFail("podman kube play");

        awaitPort(RELEASE + "-kafka", 9092);
        awaitPort(RELEASE + "-mongo", 27017);
        for (ObjectNode deployment : chart.ofKind("Deployment")) {
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            JsonNode probe = container.path("readinessProbe").path("httpGet");
            int port = containerPort(container, probe.path("port").asText());
            URI readiness = URI.create("http://127.0.0.1:" + published.get(RenderedChart.name(deployment)).get(port)
                    + probe.path("path").asText());
            await().atMost(STARTUP).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .until(() -> HTTP.send(HttpRequest.newBuilder(readiness).GET().build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200);
        }
        timings.put("every container ready", seconds(play));
    }

    @AfterAll
    static void removeWhatTheTestStarted() {
        if (failed) {
            podman.saveLogs(Path.of("target/podman/" + RELEASE + "-logs"));
        }
        podman.removeAll();
        System.out.println("PodmanRunIT timings: " + timings);
    }

    @Test
    @Order(1)
    void peopleAndPartnersSignInAndWorkThroughTheGatewayAcrossServices() {
        ApiClient ada = signedIn("ada");
        ApiClient alex = signedIn("alex");
        ApiClient erp = gateway().withToken(issuer().clientToken("partner-erp", "erp-secret"));

        var contact = ada.post("/api/contacts", """
                {"firstName":"Grace","lastName":"Podman","email":"grace@podman.example"}""");
        assertThat(contact.status()).as(contact.body()).isEqualTo(201);
        String contactId = contact.json().get("id").asString();
        var pipeline = alex.post("/api/pipelines", """
                {"name":"Podman","lostReasons":["Price"],"stages":[{"name":"Lead","probability":10},
                 {"name":"Won","kind":"won"},{"name":"Lost","kind":"lost"}]}""");
        assertThat(pipeline.status()).as(pipeline.body()).isEqualTo(201);
        var deal = ada.post("/api/deals", """
                {"title":"Containers","pipelineId":"%s","contacts":[{"contactId":"%s","role":"decision_maker"}]}"""
                .formatted(pipeline.json().get("id").asString(), contactId));
        assertThat(deal.status()).as(deal.body()).isEqualTo(201);
        String dealId = deal.json().get("id").asString();

        // contacts-service -> Kafka -> deals-service's read model of contact names
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(ada.get("/api/deals/" + dealId).json().get("contacts").get(0).get("name").asString())
                        .isEqualTo("Grace Podman"));
        // deals-service -> Kafka -> contacts-service's timeline
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(ada.get("/api/contacts/" + contactId + "/timeline").json().get("items").toString())
                        .contains("deal_created", dealId));

        var read = erp.get("/api/contacts/" + contactId);
        assertThat(read.status()).as("a partner with contacts:read").isEqualTo(200);
        assertThat(read.json().get("email").asString()).isEqualTo("grace@podman.example");
    }

    @Test
    @Order(2)
    void badInputAndMissingTokensGetProblemsNotFailures() {
        ApiClient ada = signedIn("ada");

        var invalid = ada.post("/api/contacts", "{\"firstName\": 42}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
        assertThat(invalid.body()).contains("firstName");

        var anonymous = gateway().get("/api/contacts");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");

        var wrongSecret = tokenStatus(issuer(), "partner-erp", "not-the-secret");
        assertThat(wrongSecret).isEqualTo(401);
    }

    @Test
    @Order(3)
    void theContainersRunAsTheImagesAndTheChartSay() {
        for (ObjectNode deployment : chart.ofKind("Deployment")) {
            String pod = RenderedChart.name(deployment);
            String container = pod + "-" + deployment.at("/spec/template/spec/containers/0/name").asText();
            String inspected = Podman.run("inspect", container, "--format",
                    "{{.Config.User}}|{{.HostConfig.ReadonlyRootfs}}|{{json .HostConfig.CapDrop}}|{{.HostConfig.Memory}}")
                    .orFail("inspect " + container).output().strip();
            String[] fields = inspected.split("\\|");
            assertThat(fields[0]).as(container + " user").startsWith("10001");
            assertThat(fields[1]).as(container + " read-only root").isEqualTo("true");
            assertThat(Long.parseLong(fields[3])).as(container + " memory limit from the chart").isPositive();
        }
        String tag = System.getProperty("pulse.image.tag", "0.1.0-SNAPSHOT");
        for (String image : IMAGES) {
            String labels = Podman.run("image", "inspect", "localhost/pulse/" + image + ":" + tag, "--format",
                    "{{json .Config.Labels}}").orFail("inspect " + image).output();
            JsonNode label = readJson(labels);
            assertThat(label.path("org.opencontainers.image.title").asText()).isEqualTo(image);
            assertThat(label.path("org.opencontainers.image.version").asText()).isEqualTo(tag);
            assertThat(label.path("org.opencontainers.image.revision").asText()).isNotBlank();
            assertThat(label.path("org.opencontainers.image.source").asText()).startsWith("https://");
            String sbom = Podman.run("run", "--rm", "--entrypoint", "head", "localhost/pulse/" + image + ":" + tag,
                    "-c", "200", "/app/sbom/" + image + ".cdx.json").orFail("reading the SBOM of " + image).output();
            assertThat(sbom).contains("\"bomFormat\"", "CycloneDX");
        }
    }

    @Test
    @Order(4)
    void aServiceStopsGracefullyWithinItsGracePeriod() {
        String pod = RELEASE + "-tasks";
        String container = pod + "-tasks-service";
        long grace = chart.get("Deployment", pod).at("/spec/template/spec/terminationGracePeriodSeconds").asLong();
        long begin = System.nanoTime();
        // what the kubelet does: SIGTERM, then SIGKILL when the grace period is over
        Podman.run(Duration.ofSeconds(grace + 30), "stop", "--time", String.valueOf(grace), container).orFail("stopping " + container);
        long took = Duration.ofNanos(System.nanoTime() - begin).toSeconds();
        timings.put("tasks-service stopped", took + " s");

        String log = Podman.run("logs", container).output();
        assertThat(took).as("stopped on SIGTERM, not killed at the end of the grace period").isLessThan(grace / 2);
        assertThat(log).contains("Commencing graceful shutdown", "Graceful shutdown complete", "Consumer stopped");
        String exit = Podman.run("inspect", container, "--format", "{{.State.ExitCode}}").output().strip();
        assertThat(exit).as("the JVM's exit after SIGTERM").isIn("0", "143");
    }

    /** The demo issuer's container, as browsers and partners reach it. */
    static OidcClient issuer() {
        return new OidcClient("http://127.0.0.1:" + published.get(RELEASE + "-identity").get(9000));
    }

    /** The gateway's container: where every API call goes. */
    static ApiClient gateway() {
        return new ApiClient("http://127.0.0.1:" + published.get(RELEASE + "-gateway").get(8080));
    }

    /** A directory user (password = id) signed in with the web app's client (authorization code + PKCE). */
    static ApiClient signedIn(String user) {
        return gateway().withToken(issuer().userToken("pulse-web", "http://127.0.0.1:8080/login/callback", user, user));
    }

    // --- the adaptation for one host

    /** A Deployment's pod template as a Pod named like the Deployment (and its Service), its ports published. */
    static ObjectNode podOf(ObjectNode deployment) {
        String name = RenderedChart.name(deployment);
        ObjectNode pod = RenderedChart.YAML.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("name", name);
        metadata.set("labels", deployment.at("/spec/template/metadata/labels"));
        ObjectNode spec = ((ObjectNode) deployment.at("/spec/template/spec")).deepCopy();
        spec.put("restartPolicy", "Never");
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.has("secret")) {
                // Podman 4.3 reads the optional flag without checking it is there
                ((ObjectNode) volume.path("secret")).put("optional", false);
            }
        }
        for (JsonNode node : spec.path("containers")) {
            ObjectNode container = (ObjectNode) node;
            container.remove(List.of("startupProbe", "livenessProbe", "readinessProbe"));
            publish(name, container);
        }
        pod.set("spec", spec);
        return pod;
    }

    static ObjectNode standIn(String what, int port, String tag) {
        ObjectNode pod = RenderedChart.YAML.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", RELEASE + "-" + what);
        ObjectNode spec = pod.putObject("spec");
        spec.put("restartPolicy", "Never");
        ObjectNode container = spec.putArray("containers").addObject();
        container.put("name", "dev-infra");
        container.put("image", "localhost/pulse/dev-infra:" + tag);
        container.put("imagePullPolicy", "Never");
        container.putArray("args").add(what);
        container.putObject("securityContext").put("readOnlyRootFilesystem", true).put("runAsNonRoot", true);
        container.putArray("volumeMounts").addObject().put("name", "tmp").put("mountPath", "/tmp");
        spec.putArray("volumes").addObject().put("name", "tmp").putObject("emptyDir");
        container.putArray("ports").addObject().put("containerPort", port);
        publish(RELEASE + "-" + what, container);
        return pod;
    }

    private static void publish(String pod, ObjectNode container) {
        Map<Integer, Integer> ports = published.computeIfAbsent(pod, p -> new LinkedHashMap<>());
        for (JsonNode port : container.path("ports")) {
            int host = freePort();
            ((ObjectNode) port).put("hostPort", host).put("hostIP", "127.0.0.1");
            ports.put(port.path("containerPort").asInt(), host);
        }
    }

    private static int containerPort(JsonNode container, String nameOrNumber) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(nameOrNumber) || String.valueOf(port.path("containerPort").asInt()).equals(nameOrNumber)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no port " + nameOrNumber + " in " + container);
    }

    private static void awaitPort(String pod, int containerPort) {
        int port = published.get(pod).get(containerPort);
        await().atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            }
        });
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int tokenStatus(OidcClient issuer, String client, String secret) {
        try {
            issuer.clientToken(client, secret);
            return 200;
        } catch (IllegalStateException e) {
            return e.getMessage().contains("401") ? 401 : 500;
        }
    }

    private static JsonNode readJson(String json) {
        try {
            return RenderedChart.YAML.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds() + " s";
    }

    static final class KeepLogsOnFailure implements TestWatcher, org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed = true;
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
            failed = true;
            throw throwable;
        }
    }
}

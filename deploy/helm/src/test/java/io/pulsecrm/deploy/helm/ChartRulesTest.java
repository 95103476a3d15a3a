package io.pulsecrm.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pulse's own rules for what it runs in a cluster, for every value set the chart is tested with. */
class ChartRulesTest {

    @org.junit.jupiter.api.Test
    void withTheOrganisationsOwnProviderTheUsersDirectoryApiStillRuns() {
        RenderedChart chart = RenderedChart.render("production");

        JsonNode directory = chart.get("Deployment", "pulse-identity");
        JsonNode container = directory.at("/spec/template/spec/containers/0");
        java.util.Map<String, String> env = new java.util.HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(env).containsEntry("PULSE_IDENTITY_MODE", "directory")
                .containsEntry("PULSE_IDENTITY_ISSUER_URL", chart.get("ConfigMap", "pulse-settings").at("/data/PULSE_ISSUER_URI").asText())
                .doesNotContainKey("PULSE_IDENTITY_KEY_FILE");
        assertThat(directory.at("/spec/replicas").asInt()).as("stateless: rolled like a service").isGreaterThanOrEqualTo(2);
        assertThat(directory.at("/spec/template/spec/volumes").findValuesAsText("name")).contains("pulse-directory");
        assertThat(chart.ofKind("Ingress")).noneMatch(ingress -> RenderedChart.name(ingress).equals("pulse-identity"));
        assertThat(chart.get("ConfigMap", "pulse-settings").at("/data/IDENTITY_SERVICE_URL").asText())
                .isEqualTo("http://pulse-identity:9000");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"production", "external", "demo"})
    void everyDeploymentIsProbedBoundedSecuredAndStopsGracefully(String valueSet) {
        RenderedChart chart = RenderedChart.render(valueSet);

        assertThat(chart.ofKind("Deployment")).hasSizeGreaterThanOrEqualTo(6);
        for (ObjectNode object : chart.ofKind("Deployment")) {
            String name = RenderedChart.name(object);
            PodSpec pod = StrictModels.typed(object, Deployment.class).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as(name + " needs no API access").isFalse();
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(container.getVolumeMounts()).as(name + " writes only to /tmp")
                        .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));

                assertThat(healthPath(container.getStartupProbe())).as(name).isEqualTo("/actuator/health/liveness");
                assertThat(healthPath(container.getLivenessProbe())).as(name).isEqualTo("/actuator/health/liveness");
                assertThat(healthPath(container.getReadinessProbe())).as(name).isEqualTo("/actuator/health/readiness");
                assertThat(container.getStartupProbe().getFailureThreshold() * container.getStartupProbe().getPeriodSeconds())
                        .as(name + " may take minutes to start on a busy node").isGreaterThanOrEqualTo(180);

                var resources = container.getResources();
                assertThat(resources.getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(resources.getLimits()).as(name).containsKeys("cpu", "memory");

                // the platform's shutdown phases take up to 20 s each, after the preStop pause
                int preStop = container.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
                assertThat(pod.getTerminationGracePeriodSeconds()).as(name).isGreaterThanOrEqualTo(preStop + 40L);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"production", "external", "demo"})
    void everyDeploymentHasADisruptionBudgetAServiceANetworkPolicyAndScalesOrRunsSeveralReplicas(String valueSet) {
        RenderedChart chart = RenderedChart.render(valueSet);

        for (ObjectNode deployment : chart.ofKind("Deployment")) {
            String name = RenderedChart.name(deployment);
            JsonNode labels = deployment.at("/spec/template/metadata/labels");
            assertThat(chart.ofKind("PodDisruptionBudget")).as(name + "'s disruption budget")
                    .filteredOn(pdb -> selects(pdb.at("/spec/selector/matchLabels"), labels)).hasSize(1);
            assertThat(chart.ofKind("Service")).as(name + "'s Service")
                    .filteredOn(service -> selects(service.at("/spec/selector"), labels)).hasSize(1);
            assertThat(chart.ofKind("NetworkPolicy")).as(name + "'s own network policy")
                    .filteredOn(policy -> policy.at("/spec/podSelector/matchLabels").has("app.kubernetes.io/name")
                            && selects(policy.at("/spec/podSelector/matchLabels"), labels)).hasSize(1);
            assertThat(selects(chart.get("NetworkPolicy", "pulse-default-deny").at("/spec/podSelector/matchLabels"), labels))
                    .as("the release's default deny covers " + name).isTrue();

            List<JsonNode> scalers = new ArrayList<>();
            chart.ofKind("HorizontalPodAutoscaler").stream().filter(h -> targets(h, name)).forEach(scalers::add);
            chart.ofKind("ScaledObject").stream().filter(s -> targets(s, name)).forEach(scalers::add);
            if (name.endsWith("-identity") && isDemoIssuer(deployment)) {
                assertThat(deployment.at("/spec/replicas").asInt()).as("the demo issuer keeps sign-ins in memory").isEqualTo(1);
                assertThat(scalers).isEmpty();
            } else if (scalers.isEmpty()) {
                assertThat(deployment.at("/spec/replicas").asInt()).as(name + " without an autoscaler").isGreaterThanOrEqualTo(2);
            } else {
                assertThat(scalers).as(name + ": one autoscaler (KEDA's replaces the plain one)").hasSize(1);
                assertThat(deployment.has("spec") && !deployment.at("/spec").has("replicas"))
                        .as(name + " leaves its replica count to the autoscaler").isTrue();
                JsonNode scaler = scalers.getFirst();
                int min = scaler.at("/spec/minReplicas").asInt(scaler.at("/spec/minReplicaCount").asInt());
                assertThat(min).as(name + " keeps two replicas through a disruption").isGreaterThanOrEqualTo(2);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"production", "external", "demo"})
    void theChartCarriesNoSecretValuesAndOnlyTheGatewayIsPublished(String valueSet) {
        RenderedChart chart = RenderedChart.render(valueSet);

        assertThat(chart.ofKind("Secret")).as("Secrets are referenced by name, never rendered").isEmpty();
        for (ObjectNode deployment : chart.ofKind("Deployment")) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                String variable = env.path("name").asText();
                if (variable.matches(".*(PASSWORD|SECRET|JAAS|_URI$|MONGODB).*") && env.has("value")) {
                    assertThat(env.path("value").asText()).as(variable + " of " + RenderedChart.name(deployment))
                            .doesNotContain("@").doesNotContainIgnoringCase("password");
                }
            }
        }
        for (ObjectNode configMap : chart.ofKind("ConfigMap")) {
            assertThat(configMap.path("data").toString()).as(RenderedChart.describe(configMap))
                    .doesNotContain("password").doesNotContain("{noop}").doesNotContain("secret\":");
        }

        Set<String> published = new TreeSet<>();
        chart.ofKind("Ingress").forEach(ingress -> ingress.at("/spec/rules").forEach(rule -> rule.at("/http/paths")
                .forEach(path -> published.add(path.at("/backend/service/name").asText()))));
        chart.ofKind("HTTPRoute").forEach(route -> route.at("/spec/rules").forEach(rule -> rule.path("backendRefs")
                .forEach(ref -> published.add(ref.path("name").asText()))));
        assertThat(published).as("what Ingresses and routes lead to").isSubsetOf("pulse-gateway", "pulse-identity")
                .contains("pulse-gateway");

        ObjectNode denyAll = chart.get("NetworkPolicy", "pulse-default-deny");
        assertThat(denyAll.at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
        assertThat(denyAll.at("/spec").has("ingress") || denyAll.at("/spec").has("egress")).isFalse();
        JsonNode ingressPeers = RenderedChart.YAML.valueToTree(Map.of("namespaceSelector",
                Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "ingress-nginx"))));
        for (ObjectNode policy : chart.ofKind("NetworkPolicy")) {
            boolean fromOutside = false;
            for (JsonNode rule : policy.at("/spec/ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    fromOutside |= peer.equals(ingressPeers);
                }
            }
            String name = RenderedChart.name(policy);
            if (fromOutside) {
                assertThat(name).as("reachable through the ingress controller").isIn("pulse-gateway", "pulse-identity");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"production", "external"})
    void eachServiceReachesOnlyWhatItNeeds(String valueSet) {
        RenderedChart chart = RenderedChart.render(valueSet);

        ObjectNode contacts = chart.get("NetworkPolicy", "pulse-contacts");
        ObjectNode automation = chart.get("NetworkPolicy", "pulse-automation");
        ObjectNode notification = chart.get("NetworkPolicy", "pulse-notification");
        // automation calls the APIs of contacts, deals and tasks; nobody else calls a service but the gateway
        assertThat(podsAllowedTo(automation, "egress", "to")).contains("contacts", "deals", "tasks").doesNotContain("notification");
        assertThat(podsAllowedTo(contacts, "ingress", "from")).containsExactlyInAnyOrder("gateway", "automation");
        assertThat(podsAllowedTo(notification, "ingress", "from")).containsExactly("gateway");
        assertThat(podsAllowedTo(contacts, "egress", "to")).doesNotContain("contacts", "deals", "tasks", "notification");
        // public addresses (webhooks, mail) only for notification-service, and not the cluster's private ranges
        assertThat(notification.at("/spec/egress").toString()).contains("0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12");
        assertThat(contacts.at("/spec/egress").toString()).doesNotContain("\"port\":587");
        assertThat(notification.at("/spec/egress").toString()).contains("\"port\":587");
    }

    private static Set<String> podsAllowedTo(JsonNode policy, String direction, String peers) {
        Set<String> names = new TreeSet<>();
        for (JsonNode rule : policy.at("/spec/" + direction)) {
            for (JsonNode peer : rule.path(peers)) {
                JsonNode name = peer.at("/podSelector/matchLabels/app.kubernetes.io~1name");
                if (!name.isMissingNode()) {
                    names.add(name.asText());
                }
            }
        }
        return names;
    }

    private static String healthPath(Probe probe) {
        assertThat(probe).isNotNull();
        return probe.getHttpGet().getPath();
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        var fields = selector.properties();
        return fields.stream().allMatch(e -> e.getValue().asText().equals(labels.path(e.getKey()).asText()));
    }

    private static boolean targets(JsonNode scaler, String deployment) {
        return scaler.at("/spec/scaleTargetRef/kind").asText().equals("Deployment")
                && scaler.at("/spec/scaleTargetRef/name").asText().equals(deployment);
    }

    private static boolean isDemoIssuer(JsonNode deployment) {
        for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
            if (env.path("name").asText().equals("PULSE_IDENTITY_MODE")) {
                return env.path("value").asText().equals("issuer");
            }
        }
        throw new AssertionError("identity-service without PULSE_IDENTITY_MODE");
    }
}

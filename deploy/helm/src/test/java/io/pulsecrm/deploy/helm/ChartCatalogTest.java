package io.pulsecrm.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart against the code: every topic the services publish or consume has its KafkaTopic and dead-letter topic,
 * every consumer group is autoscaled on its lag and allowed by its service's KafkaUser, partners read exactly the
 * public topics, and every setting a service needs in a cluster is given. The facts come from the sources and
 * docs/asyncapi.yaml ({@link CodeFacts}); files/catalog.yaml, which the templates follow, must agree with them.
 */
class ChartCatalogTest {

    static final Map<String, String> MODULES = Map.of(
            "contacts", "contacts-service", "deals", "deals-service", "tasks", "tasks-service",
            "automation", "automation-service", "notification", "notification-service");

    static CodeFacts code;
    static JsonNode catalog;
    static RenderedChart chart;
    static Set<String> codeTopics;

    @BeforeAll
    static void readCodeAndChart() throws Exception {
        code = new CodeFacts(RenderedChart.repoDir());
        catalog = RenderedChart.YAML.readTree(RenderedChart.chartDir().resolve("files/catalog.yaml").toFile());
        chart = RenderedChart.render("production");
        codeTopics = new TreeSet<>(code.asyncApiTopics());
        MODULES.values().forEach(module -> codeTopics.addAll(code.producedTopics(module)));
    }

    @Test
    void theCatalogListsEveryTopicOfTheContractsAndTheCode() {
        assertThat(fieldNames(catalog.path("topics"))).isEqualTo(codeTopics);
        assertThat(fieldNames(catalog.path("components"))).isEqualTo(MODULES.keySet());
    }

    @Test
    void theCatalogSaysWhatEachServicePublishesAndConsumesAsItsCodeDoes() {
        for (var module : MODULES.entrySet()) {
            JsonNode facts = catalog.path("components").path(module.getKey());
            assertThat(facts.path("app").asText()).isEqualTo(module.getValue());
            assertThat(strings(facts.path("produces"))).as(module.getValue() + " publishes")
                    .isEqualTo(code.producedTopics(module.getValue()));
            Map<String, Set<String>> groups = new TreeMap<>();
            facts.path("consumerGroups").properties().forEach(e -> groups.put(e.getKey(), strings(e.getValue())));
            assertThat(groups).as(module.getValue() + "'s consumer groups and their topics")
                    .isEqualTo(code.consumerGroups(module.getValue(), module.getValue(), codeTopics));
        }
    }

    @Test
    void publicTopicsAreThoseWebhooksCarryToPartners() {
        Pattern webhookTopics = Pattern.compile(code.applicationProperty("notification-service",
                "pulse.notifications.webhooks.topic-pattern"));
        catalog.path("topics").properties().forEach(topic -> assertThat(topic.getValue().path("public").asBoolean())
                .as(topic.getKey() + " is public").isEqualTo(webhookTopics.matcher(topic.getKey()).matches()));
    }

    @Test
    void everyTopicTheServicesUseHasAKafkaTopicAndEveryConsumedOneADeadLetterTopic() {
        Map<String, JsonNode> kafkaTopics = chart.ofKind("KafkaTopic").stream()
                .collect(Collectors.toMap(t -> t.at("/spec/topicName").asText(), t -> t));
        Set<String> consumed = new TreeSet<>();
        MODULES.values().forEach(module -> consumed.addAll(
                CodeFacts.consumedTopics(code.consumerGroups(module, module, codeTopics))));

        assertThat(kafkaTopics.keySet()).containsAll(codeTopics).containsAll(consumed);
        for (String topic : consumed) {
            assertThat(kafkaTopics).as("dead-letter topic of " + topic).containsKey(topic + ".dlt");
        }
        for (JsonNode topic : kafkaTopics.values()) {
            assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(topic.at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
            assertThat(topic.at("/spec/partitions").asInt()).as("the services declare 3 partitions").isGreaterThanOrEqualTo(3);
            assertThat(topic.at("/spec/config/retention.ms").asLong()).isPositive();
        }
    }

    @Test
    void everyConsumerGroupScalesOnItsLag() {
        for (var module : MODULES.entrySet()) {
            ObjectNode scaledObject = chart.get("ScaledObject", "pulse-" + module.getKey());
            Set<String> groups = new TreeSet<>();
            for (JsonNode trigger : scaledObject.at("/spec/triggers")) {
                if (trigger.path("type").asText().equals("kafka")) {
                    groups.add(trigger.at("/metadata/consumerGroup").asText());
                }
            }
            assertThat(groups).as(module.getValue() + "'s lag triggers")
                    .isEqualTo(code.consumerGroups(module.getValue(), module.getValue(), codeTopics).keySet());
            assertThat(scaledObject.at("/spec/scaleTargetRef/name").asText()).isEqualTo("pulse-" + module.getKey());
        }
    }

    @Test
    void eachServicesKafkaUserAllowsWhatItsCodeDoesAndNoMore() {
        for (var module : MODULES.entrySet()) {
            Map<String, Set<String>> acls = acls(chart.get("KafkaUser", "pulse-" + module.getKey()));
            Map<String, Set<String>> groups = code.consumerGroups(module.getValue(), module.getValue(), codeTopics);
            Set<String> consumed = CodeFacts.consumedTopics(groups);

            Map<String, Set<String>> expected = new TreeMap<>();
            for (String topic : code.producedTopics(module.getValue())) {
                expected.put("topic:" + topic, Set.of("Write", "Describe"));
            }
            for (String topic : consumed) {
                expected.put("topic:" + topic, Set.of("Read", "Write", "Describe"));
                expected.put("topic:" + topic + ".dlt", Set.of("Read", "Write", "Describe"));
            }
            expected.put("group*:" + module.getValue(), Set.of("Read", "Describe"));
            expected.put("group*:pulse-dead-letter-reader-", Set.of("Read"));
            expected.put("cluster:", Set.of("Describe"));
            assertThat(acls).as(module.getValue() + "'s ACLs").isEqualTo(expected);
            assertThat(groups.keySet()).allSatisfy(group -> assertThat(group).startsWith(module.getValue()));
        }
    }

    @Test
    void partnersReadThePublicTopicsAndNothingElse() {
        Map<String, Set<String>> acls = acls(chart.get("KafkaUser", "pulse-partner-erp-sync"));

        Map<String, Set<String>> expected = new TreeMap<>();
        catalog.path("topics").properties().stream().filter(t -> t.getValue().path("public").asBoolean())
                .forEach(t -> expected.put("topic:" + t.getKey(), Set.of("Read", "Describe")));
        expected.put("group*:erp-sync", Set.of("Read", "Describe"));
        assertThat(acls).isEqualTo(expected);
        assertThat(acls).doesNotContainKey("topic:pulse.automation.notification_request.v1");
    }

    @Test
    void everySettingAComponentNeedsInAClusterIsGiven() {
        for (String valueSet : List.of("production", "external", "demo")) {
            RenderedChart rendered = RenderedChart.render(valueSet);
            Map<String, String> modules = new LinkedHashMap<>(MODULES);
            modules.put("gateway", "gateway");
            if (valueSet.equals("demo")) {
                modules.put("identity", "identity-service");
            }
            for (var module : modules.entrySet()) {
                ObjectNode deployment = rendered.get("Deployment", "pulse-" + module.getKey());
                assertThat(environment(rendered, deployment)).as(module.getValue() + " with " + valueSet)
                        .containsAll(code.settingsToProvide(module.getValue()));
            }
        }
    }

    /** Names of the variables a Deployment's container gets, directly or from its ConfigMaps. */
    static Set<String> environment(RenderedChart rendered, JsonNode deployment) {
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        Set<String> names = new HashSet<>();
        container.path("env").forEach(env -> names.add(env.path("name").asText()));
        for (JsonNode source : container.path("envFrom")) {
            String configMap = source.at("/configMapRef/name").asText();
            rendered.get("ConfigMap", configMap).path("data").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** "topic:name" / "group*:prefix" / "cluster:" -> operations. */
    static Map<String, Set<String>> acls(JsonNode kafkaUser) {
        Map<String, Set<String>> acls = new TreeMap<>();
        for (JsonNode acl : kafkaUser.at("/spec/authorization/acls")) {
            JsonNode resource = acl.path("resource");
            String key = resource.path("type").asText()
                    + (resource.path("patternType").asText().equals("prefix") ? "*" : "") + ":" + resource.path("name").asText();
            acls.computeIfAbsent(key, k -> new TreeSet<>()).addAll(strings(acl.path("operations")));
        }
        return acls;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package io.pulsecrm.deploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every object the chart renders, with each value set, is one a strict API server would accept. */
class ChartModelTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"production", "external", "demo"})
    void everyRenderedObjectMatchesItsModelExactly(String valueSet) {
        RenderedChart chart = RenderedChart.render(valueSet);

        assertThat(chart.objects()).hasSizeGreaterThan(20);
        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (ObjectNode object : chart.objects()) {
            List<String> found = StrictModels.problems(object);
            if (!found.isEmpty()) {
                problems.put(RenderedChart.describe(object), found);
            }
        }
        assertThat(problems).as("objects a strict API server would refuse").isEmpty();
    }

    @Test
    void theChartPassesHelmLintStrictly() {
        var result = new Helm(RenderedChart.chartDir()).lint().strict().call();

        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void aMisspeltFieldIsFoundWhereverItIs() throws Exception {
        ObjectNode deployment = RenderedChart.render("production").get("Deployment", "pulse-contacts").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0/readinessProbe")).put("periodSecond", 5);
        ((ObjectNode) deployment.at("/spec")).put("replica", 2);

        assertThat(StrictModels.problems(deployment)).containsExactlyInAnyOrder(
                "unknown field replica at spec",
                "unknown field periodSecond at spec.template.spec.containers[0].readinessProbe");
    }

    @Test
    void aStringWhereANumberBelongsIsRefused() {
        ObjectNode pdb = RenderedChart.render("production").get("PodDisruptionBudget", "pulse-deals").deepCopy();
        ((ObjectNode) pdb.at("/spec")).put("minAvailable", 1).remove("maxUnavailable");
        ObjectNode budget = RenderedChart.render("production").get("HorizontalPodAutoscaler", "pulse-gateway").deepCopy();
        ((ObjectNode) budget.at("/spec")).put("maxReplicas", "10");

        assertThat(StrictModels.problems(pdb)).isEmpty();
        assertThat(StrictModels.problems(budget)).singleElement().asString().contains("maxReplicas");
    }

    @Test
    void customResourcesWithoutAJavaModelAreCheckedAgainstTheirCrdSchema() {
        RenderedChart chart = RenderedChart.render("production");
        ObjectNode scaledObject = chart.get("ScaledObject", "pulse-tasks").deepCopy();
        ((ObjectNode) scaledObject.at("/spec")).put("minReplicas", 2);
        ObjectNode mongo = chart.ofKind("MongoDBCommunity").getFirst().deepCopy();
        ((ObjectNode) mongo.at("/spec/users/0")).put("database", "tasks");
        ObjectNode kafkaUser = chart.get("KafkaUser", "pulse-tasks").deepCopy();
        ((ObjectNode) kafkaUser.at("/spec/authorization/acls/0/resource")).put("patern", "literal");

        assertThat(StrictModels.problems(scaledObject)).singleElement().asString().contains("minReplicas");
        assertThat(StrictModels.problems(mongo)).singleElement().asString().contains("database");
        assertThat(StrictModels.problems(kafkaUser)).singleElement().asString().contains("patern");
    }
}

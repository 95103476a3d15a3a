package io.pulsecrm.bench.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.pulsecrm.bench.load.ScenarioResult;
import io.pulsecrm.bench.scenario.Scenario;
import org.junit.jupiter.api.Test;

/** The in-process rule evaluation runs without any target and reports its work rate; timings are not checked. */
class RuleEvaluationScenarioTest {

    @Test
    void evaluatesEveryRuleForEachEventAndCountsRuleEvaluations() throws Exception {
        try (Scenario scenario = RuleEvaluationScenario.DEFINITION.factory().apply(null)) {
            scenario.setUp();
            for (long i = 0; i < 2000; i++) {
                scenario.execute(i);
            }
            assertThat(((RuleEvaluationScenario) scenario).matchesSoFar()).isPositive();
        }
        ScenarioResult result = new ScenarioResult(RuleEvaluationScenario.DEFINITION, 10, 0, Duration.ofSeconds(1),
                Optional.empty(), Map.of(), Optional.empty());
        assertThat(result.workThroughput()).contains(10.0 * RuleEvaluationScenario.RULES);
    }
}

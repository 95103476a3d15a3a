package io.pulsecrm.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScenarioRegistryTest {

    @Test
    void baselinesComeBeforeTheApiScenariosComparedWithThem() {
        assertThat(ScenarioRegistry.standard().all()).extracting(ScenarioDefinition::name).containsExactly(
                "mongo-insert", "mongo-find-by-id", "kafka-produce", "contact-create", "contact-read", "deal-board",
                "deal-analytics", "deal-board-owner", "deal-analytics-period", "automation-rule-eval", "automation-task",
                "contact-search", "contact-search-exact", "contact-import", "contact-import-xlsx", "file-read-csv", "file-read-xlsx",
                "webhook-delivery", "sse-push");
        assertThat(ScenarioRegistry.standard().select(List.of("contact-read", "contact-create")))
                .extracting(ScenarioDefinition::name, d -> d.baseline().orElse(null))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("contact-create", "mongo-insert"),
                        org.assertj.core.groups.Tuple.tuple("contact-read", "mongo-find-by-id"));
    }

    @Test
    void unknownNamesAreRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> ScenarioRegistry.standard().select(List.of("deal-create")))
                .hasMessageContaining("deal-create").hasMessageContaining("contact-create");
    }

    @Test
    void aNewScenarioNeedsAUniqueNameAndARegisteredBaseline() {
        ScenarioDefinition dealCreate = ScenarioDefinition.comparedWith("mongo-insert", "deal-create", "POST /api/deals", t -> null);
        assertThat(ScenarioRegistry.standard().register(dealCreate).all()).contains(dealCreate);

        assertThatThrownBy(() -> new ScenarioRegistry().register(dealCreate)).hasMessageContaining("registered before it");
        assertThatThrownBy(() -> ScenarioRegistry.standard().register(ScenarioDefinition.baseline("mongo-insert", "again", t -> null)))
                .hasMessageContaining("Two scenarios named mongo-insert");
    }
}

package io.pulsecrm.bench.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsecrm.bench.api.ContactCreateScenario;
import io.pulsecrm.bench.api.ContactReadScenario;
import io.pulsecrm.bench.api.DealReadScenario;
import io.pulsecrm.bench.automation.AutomationTaskScenario;
import io.pulsecrm.bench.automation.RuleEvaluationScenario;
import io.pulsecrm.bench.baseline.KafkaProduceScenario;
import io.pulsecrm.bench.baseline.MongoFindByIdScenario;
import io.pulsecrm.bench.baseline.MongoInsertScenario;
import io.pulsecrm.bench.contacts.ContactImportScenario;
import io.pulsecrm.bench.contacts.FileReadScenario;
import io.pulsecrm.bench.contacts.ContactSearchScenario;
import io.pulsecrm.bench.notifications.SsePushScenario;
import io.pulsecrm.bench.notifications.WebhookDeliveryScenario;

/**
 * Every scenario the bench knows, in the order "all" runs them: baselines first, so the API scenarios'
 * overhead can be computed against figures from the same run. A new scenario is one
 * {@link #register} line in {@link #standard()}.
 */
public final class ScenarioRegistry {

    private final Map<String, ScenarioDefinition> definitions = new LinkedHashMap<>();

    public static ScenarioRegistry standard() {
        return new ScenarioRegistry()
                .register(MongoInsertScenario.DEFINITION)
                .register(MongoFindByIdScenario.DEFINITION)
                .register(KafkaProduceScenario.DEFINITION)
                .register(ContactCreateScenario.DEFINITION)
                .register(ContactReadScenario.DEFINITION)
                .register(DealReadScenario.BOARD)
                .register(DealReadScenario.ANALYTICS)
                .register(DealReadScenario.BOARD_OWNER)
                .register(DealReadScenario.ANALYTICS_PERIOD)
                .register(RuleEvaluationScenario.DEFINITION)
                .register(AutomationTaskScenario.DEFINITION)
                .register(ContactSearchScenario.NAMES)
                .register(ContactSearchScenario.EXACT)
                .register(ContactImportScenario.DEFINITION)
                .register(ContactImportScenario.XLSX)
                .register(FileReadScenario.CSV)
                .register(FileReadScenario.XLSX)
                .register(WebhookDeliveryScenario.DEFINITION)
                .register(SsePushScenario.DEFINITION);
    }

    public ScenarioRegistry register(ScenarioDefinition definition) {
        if (definitions.putIfAbsent(definition.name(), definition) != null) {
            throw new IllegalArgumentException("Two scenarios named " + definition.name());
        }
        definition.baseline().ifPresent(baseline -> {
            if (!definitions.containsKey(baseline)) {
                throw new IllegalArgumentException(definition.name() + " is compared with " + baseline
                        + ", which must be registered before it");
            }
        });
        return this;
    }

    public Collection<ScenarioDefinition> all() {
        return definitions.values();
    }

    /** In registry order, whatever the order asked; unknown names are an error listing the known ones. */
    public List<ScenarioDefinition> select(Collection<String> names) {
        List<String> unknown = names.stream().filter(name -> !definitions.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown scenario " + String.join(", ", unknown) + ". Known: "
                    + String.join(", ", definitions.keySet()));
        }
        List<ScenarioDefinition> selected = new ArrayList<>();
        definitions.values().stream().filter(d -> names.contains(d.name())).forEach(selected::add);
        return selected;
    }
}

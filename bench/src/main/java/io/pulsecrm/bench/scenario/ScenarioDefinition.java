package io.pulsecrm.bench.scenario;

import java.util.Optional;
import java.util.function.Function;

/**
 * A named scenario the bench can run, and how to build it for a set of targets.
 *
 * @param name        what {@code --scenario} selects, e.g. {@code contact-create}
 * @param description one line for {@code --list} and the report
 * @param baseline    the scenario this one's overhead is measured against (an API call against the raw
 *                    store or broker operation it boils down to), if any
 * @param factory     builds a fresh, not yet set up instance
 */
public record ScenarioDefinition(String name, String description, Optional<String> baseline,
                                 Function<BenchTargets, Scenario> factory) {

    public static ScenarioDefinition baseline(String name, String description, Function<BenchTargets, Scenario> factory) {
        return new ScenarioDefinition(name, description, Optional.empty(), factory);
    }

    public static ScenarioDefinition comparedWith(String baseline, String name, String description,
                                                  Function<BenchTargets, Scenario> factory) {
        return new ScenarioDefinition(name, description, Optional.of(baseline), factory);
    }
}

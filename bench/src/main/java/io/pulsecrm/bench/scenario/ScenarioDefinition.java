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
 * @param work        what one operation does, when it is a batch of smaller units worth reporting as a rate of
 *                    their own (e.g. 100 rule evaluations per operation); empty for plain operations
 */
public record ScenarioDefinition(String name, String description, Optional<String> baseline,
                                 Function<BenchTargets, Scenario> factory, Optional<Work> work) {

    /** @param unit what is counted, plural ("rule evaluations"); @param perOperation how many one operation does */
    public record Work(String unit, int perOperation) {
    }

    public ScenarioDefinition(String name, String description, Optional<String> baseline,
                              Function<BenchTargets, Scenario> factory) {
        this(name, description, baseline, factory, Optional.empty());
    }

    public static ScenarioDefinition baseline(String name, String description, Function<BenchTargets, Scenario> factory) {
        return new ScenarioDefinition(name, description, Optional.empty(), factory);
    }

    public static ScenarioDefinition comparedWith(String baseline, String name, String description,
                                                  Function<BenchTargets, Scenario> factory) {
        return new ScenarioDefinition(name, description, Optional.of(baseline), factory);
    }

    /** The same scenario, its throughput also reported in units of {@code unit}. */
    public ScenarioDefinition countingWork(String unit, int perOperation) {
        return new ScenarioDefinition(name, description, baseline, factory, Optional.of(new Work(unit, perOperation)));
    }
}

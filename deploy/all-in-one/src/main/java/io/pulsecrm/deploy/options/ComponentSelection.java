package io.pulsecrm.deploy.options;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.pulsecrm.deploy.catalog.ComponentSpec;

/**
 * Which services and gateway to start. Kafka and Mongo always start: every component needs them.
 * Names may be given in full ({@code contacts-service}) or short ({@code contacts}).
 */
public record ComponentSelection(boolean everything, Set<String> names) {

    /** The value of {@code --only} that starts the infrastructure alone. */
    public static final String NONE = "none";

    public ComponentSelection {
        names = Set.copyOf(names);
    }

    public static ComponentSelection all() {
        return new ComponentSelection(true, Set.of());
    }

    public static ComponentSelection none() {
        return new ComponentSelection(false, Set.of());
    }

    /** Parses a comma-separated list such as {@code contacts,gateway}, or {@code none}. */
    public static ComponentSelection parse(String commaSeparated) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : commaSeparated.split(",")) {
            String name = part.strip().toLowerCase();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        if (names.equals(Set.of(NONE))) {
            return none();
        }
        if (names.isEmpty() || names.contains(NONE)) {
            throw new UsageException("--only takes a comma-separated list of components, or 'none' for Kafka and Mongo alone");
        }
        return new ComponentSelection(false, names);
    }

    public boolean includes(ComponentSpec component) {
        return everything || names.contains(component.name()) || names.contains(component.shortName());
    }

    public List<ComponentSpec> select(List<ComponentSpec> catalog) {
        return catalog.stream().filter(this::includes).toList();
    }

    /** Rejects names that match nothing, so a typo does not silently start less than asked for. */
    public void requireKnown(Collection<ComponentSpec> catalog) {
        for (String name : names) {
            boolean known = catalog.stream().anyMatch(c -> c.name().equals(name) || c.shortName().equals(name));
            if (!known) {
                throw new UsageException("Unknown component '" + name + "' in --only. Known: "
                        + String.join(", ", catalog.stream().map(ComponentSpec::shortName).toList()) + ", none");
            }
        }
    }
}

package io.pulsecrm.deals.pipelines;

import java.util.List;

/** What an admin says about a stage when adding or changing it; checked by {@link Pipeline}. */
public record StageSpec(String name, Integer probability, StageKind kind, List<String> requiredFields,
                        String stallAfter) {
}

package io.pulsecrm.deals.pipelines;

import java.time.Duration;
import java.util.List;

/**
 * One step of a pipeline. Kept inside the {@link Pipeline} document, so a pipeline and its stage order are
 * always changed together.
 *
 * @param probability    win probability in percent (0–100), used by the weighted forecast
 * @param requiredFields deal fields that must be set before a deal may enter this stage (see {@link DealField})
 * @param stallAfter     ISO-8601 duration after which a deal sitting in this stage is reported stalled; null = never
 */
public record Stage(String id, String name, int probability, StageKind kind, List<String> requiredFields,
                    String stallAfter) {

    public Stage {
        requiredFields = requiredFields == null ? List.of() : List.copyOf(requiredFields);
    }

    public boolean isOpen() {
        return kind == StageKind.OPEN;
    }

    public Duration stallLimit() {
        return stallAfter == null ? null : Duration.parse(stallAfter);
    }
}

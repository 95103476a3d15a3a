package io.pulsecrm.automation.rules;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** One revision of a rule's definition, immutable once its rule points at it; {@code id} is {@code <ruleId>:<revision>}. */
@Document(RuleRevision.COLLECTION)
public record RuleRevision(@Id String id, String ruleId, int revision, String name, String definition,
                           Instant createdAt, String createdBy) {

    public static final String COLLECTION = "rule_revisions";

    public static String idOf(String ruleId, int revision) {
        return ruleId + ":" + revision;
    }
}

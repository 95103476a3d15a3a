package io.pulsecrm.contacts.leads;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A public lead-intake form. Only the SHA-256 of its key is stored; the key itself is shown once, at creation.
 * {@code tokenSecret} signs the form tokens that prove a submission's form was rendered long enough ago
 * ({@link FormTokens}); it never leaves the service (forms created before it existed get one on first use).
 */
@Document(LeadForm.COLLECTION)
record LeadForm(@Id String id, String name, String keyHash, String ownerId, List<String> tags, boolean active,
                Instant createdAt, String tokenSecret, DealSettings deal) {

    static final String COLLECTION = "lead_forms";

    /**
     * A form that opens a deal for each new lead: in {@code pipelineId}/{@code stageId} (null: the first open stage),
     * owned by {@code ownerId} or, when {@code roundRobin} is set, by each of those users in turn.
     */
    record DealSettings(String pipelineId, String stageId, String ownerId, List<String> roundRobin) {
    }
}

package io.pulsecrm.contacts.leads;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A public lead-intake form. Only the SHA-256 of its key is stored; the key itself is shown once, at creation. */
@Document(LeadForm.COLLECTION)
record LeadForm(@Id String id, String name, String keyHash, String ownerId, List<String> tags, boolean active,
                Instant createdAt) {

    static final String COLLECTION = "lead_forms";
}

package io.pulsecrm.contacts.duplicates;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A unique value (a contact's normalised email or phone, a company's domain) and the records holding it. The
 * document's {@code _id} is the record type, the kind of value and the value's SHA-256 ({@code contact:email:<sha256>}),
 * so the store's unique {@code _id} decides, atomically and across replicas, which record claims a free value first;
 * only a hash is stored, no personal data beyond what the records themselves hold.
 *
 * @param recordId  the record that claimed the value (it may not be stored yet: values are claimed before the write)
 * @param claimedAt when {@code recordId} claimed it; a claim whose record does not hold the value is respected only
 *                  for the grace period after this
 * @param others    further records holding the value: duplicates created on purpose ({@code allowDuplicate}), so the
 *                  claims are a complete index of who holds what, read by {@code _id} on any store
 * @param v         bumped by every change: changes are compare-and-set on it
 */
@Document(KeyClaim.COLLECTION)
record KeyClaim(@Id String id, String recordId, Instant claimedAt, List<String> others, Long v) {

    static final String COLLECTION = "key_claims";

    KeyClaim {
        others = others == null ? List.of() : List.copyOf(others);
    }

    boolean heldBy(String id) {
        return id.equals(recordId) || others.contains(id);
    }

    /** The claimant first, then the others. */
    List<String> holders() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(recordId), others.stream()).toList();
    }
}

package io.pulsecrm.contacts.duplicates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Unique values and the records holding them ({@link KeyClaim}), race-free without transactions: before a record with
 * a new email, phone or domain is written, the value is claimed by inserting its claim document, whose {@code _id} is
 * the value (hashed): the store lets exactly one of two concurrent writers, on any replicas, insert it. Every other
 * change of a claim (a duplicate created on purpose joining it, a release, a merge moving it, a takeover) is a
 * compare-and-set on the claim's version, so concurrent changes of one value never get lost.
 * <p>
 * The claims are also the index the duplicate check reads ({@link #find}): by {@code _id}, which every store
 * indexes, so the check costs the same with a hundred contacts or a million, also on the embedded store (which has no
 * secondary indexes).
 * <p>
 * A crash can leave a claim behind whose record was never written, or was deleted without releasing it. Such a claim
 * is respected for {@link DuplicatesProperties#claimGrace()} after it was taken (its record may still be being
 * written); after that, if its record does not hold the value, the next writer takes it over, so a leftover never
 * blocks for long.
 */
@Component
class KeyClaims {

    private static final int ATTEMPTS = 10;

    /** A unique value of a record type: {@code contact/email/ada@example.com}. */
    record Key(String recordType, String kind, String value) {

        String id() {
            return recordType + ":" + kind + ":" + sha256(value);
        }
    }

    /** Whether a record (live, not deleted) holds a value right now. */
    @FunctionalInterface
    interface Holders {
        boolean holds(String recordId, Key key);
    }

    /** A value another record claimed first. */
    record Conflict(Key key, String holderId) {
    }

    /** What {@link #claim} did: the keys it claimed, or the conflict that stopped it. */
    record Result(List<Key> claimed, Conflict conflict) {
    }

    private final MongoTemplate mongo;
    private final DuplicatesProperties properties;
    private final Clock clock;

    KeyClaims(MongoTemplate mongo, DuplicatesProperties properties, Clock clock) {
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /** The claims of these keys that exist, by key. */
    Map<Key, KeyClaim> find(Collection<Key> keys) {
        Map<String, Key> byId = new LinkedHashMap<>();
        keys.forEach(key -> byId.put(key.id(), key));
        Map<Key, KeyClaim> found = new LinkedHashMap<>();
        if (byId.isEmpty()) {
            return found;
        }
        for (KeyClaim claim : mongo.find(Query.query(Criteria.where("_id").in(byId.keySet())), KeyClaim.class)) {
            found.put(byId.get(claim.id()), claim);
        }
        return found;
    }

    /** Whether a claim taken by a record that does not hold its value yet is still within the grace period. */
    boolean withinGrace(KeyClaim claim) {
        return claim.claimedAt() != null && !claim.claimedAt().isBefore(clock.instant().minus(properties.claimGrace()));
    }

    /**
     * Claims the keys for {@code recordId}, in a fixed order (so of several writers racing for the same values exactly
     * one gets them all). Unless {@code shared}, all or none: at the first key another record claimed first, the keys
     * claimed by this call are released again and the conflict is returned. {@code shared} (a duplicate allowed on
     * purpose): the record joins the values other records hold.
     */
    Result claim(String recordId, Collection<Key> keys, boolean shared, Holders holders) {
        List<Key> claimed = new ArrayList<>();
        for (Key key : sorted(keys)) {
            String holder = claimOne(recordId, key, shared, holders);
            if (holder != null) {
                release(recordId, claimed);
                return new Result(List.of(), new Conflict(key, holder));
            }
            claimed.add(key);
        }
        return new Result(claimed, null);
    }

    /** Lets go of these values: another holder becomes the claimant, or the claim goes when nobody holds it. */
    void release(String recordId, Collection<Key> keys) {
        for (Key key : keys) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                KeyClaim claim = mongo.findById(key.id(), KeyClaim.class);
                if (claim == null || !claim.heldBy(recordId)) {
                    break;
                }
                boolean done;
                if (claim.recordId().equals(recordId) && claim.others().isEmpty()) {
                    done = mongo.remove(current(claim), KeyClaim.class).getDeletedCount() == 1;
                } else if (claim.recordId().equals(recordId)) {
                    List<String> rest = claim.others().subList(1, claim.others().size());
                    done = change(claim, claim.others().getFirst(), clock.instant(), rest);
                } else {
                    done = change(claim, claim.recordId(), claim.claimedAt(), without(claim.others(), recordId));
                }
                if (done) {
                    break;
                }
            }
        }
    }

    /** A merged record's values now belong to the survivor, which took them over. */
    void transfer(String fromId, Collection<Key> keys, String toId, Holders holders) {
        for (Key key : keys) {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                KeyClaim claim = mongo.findById(key.id(), KeyClaim.class);
                boolean done;
                if (claim == null || !claim.heldBy(fromId)) {
                    done = claimOne(toId, key, true, holders) == null;
                } else if (claim.recordId().equals(fromId)) {
                    done = change(claim, toId, clock.instant(), without(claim.others(), toId));
                } else {
                    List<String> others = without(claim.others(), fromId);
                    if (!claim.heldBy(toId)) {
                        others = new ArrayList<>(others);
                        others.add(toId);
                    }
                    done = change(claim, claim.recordId(), claim.claimedAt(), others);
                }
                if (done) {
                    break;
                }
            }
        }
    }

    /** @return null when {@code recordId} holds the key now, else the id of the record that claimed it first */
    private String claimOne(String recordId, Key key, boolean shared, Holders holders) {
        String id = key.id();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            try {
                mongo.insert(new KeyClaim(id, recordId, now, List.of(), 0L));
                return null;
            } catch (DuplicateKeyException taken) {
                KeyClaim existing = mongo.findById(id, KeyClaim.class);
                if (existing == null) {
                    continue; // released in the meantime: try again
                }
                if (existing.heldBy(recordId)) {
                    return null; // ours already (a retried or resumed write)
                }
                if (!withinGrace(existing) && !holders.holds(existing.recordId(), key)) {
                    // a leftover (crash): take it over, keeping the other holders
                    if (change(existing, recordId, now, existing.others())) {
                        return null;
                    }
                    continue;
                }
                if (!shared) {
                    return existing.recordId();
                }
                List<String> others = new ArrayList<>(existing.others());
                others.add(recordId);
                if (change(existing, existing.recordId(), existing.claimedAt(), others)) {
                    return null;
                }
            }
        }
        KeyClaim current = mongo.findById(id, KeyClaim.class);
        return current == null ? "unknown" : current.recordId();
    }

    /** Compare-and-set: only if nobody changed the claim since it was read. */
    private boolean change(KeyClaim claim, String recordId, Instant claimedAt, List<String> others) {
        Update update = new Update().set("recordId", recordId).set("claimedAt", claimedAt).set("others", others).inc("v", 1L);
        return mongo.updateFirst(current(claim), update, KeyClaim.class).getMatchedCount() == 1;
    }

    /**
     * The claim as it was read: {@code {_id, v}} as plain values (a missing {@code v} matches null), which the unique
     * {@code {_id, v}} index answers, on the embedded store as well.
     */
    private static Query current(KeyClaim claim) {
        return Query.query(Criteria.where("_id").is(claim.id()).and("v").is(claim.v()));
    }

    private static List<String> without(List<String> ids, String id) {
        return ids.stream().filter(other -> !other.equals(id)).toList();
    }

    private static List<Key> sorted(Collection<Key> keys) {
        return keys.stream().distinct().sorted(Comparator.comparing(Key::id)).toList();
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

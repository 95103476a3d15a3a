package io.pulsecrm.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.data.mongodb.core.query.Criteria;

/**
 * The owners whose records a caller sees: everyone's, or a fixed set. Records without an owner are a shared
 * pool (fresh web leads, say) that every caller sees.
 */
public final class OwnerScope {

    private static final OwnerScope ALL = new OwnerScope(null);

    private final Set<String> owners;

    private OwnerScope(Set<String> owners) {
        this.owners = owners;
    }

    public static OwnerScope all() {
        return ALL;
    }

    public static OwnerScope of(Set<String> owners) {
        return new OwnerScope(Set.copyOf(owners));
    }

    public boolean isAll() {
        return owners == null;
    }

    /** The visible owner ids, or null when every owner is visible. */
    public Set<String> ownerIdsOrNull() {
        return owners;
    }

    public boolean includes(String ownerId) {
        return owners == null || ownerId == null || owners.contains(ownerId);
    }

    /**
     * A query restriction on {@code ownerField}, to be combined with {@code andOperator}; null when nothing is
     * restricted. {@code $in} with null also matches records without the field, the shared pool.
     */
    public Criteria criteria(String ownerField) {
        if (owners == null) {
            return null;
        }
        List<Object> visible = new ArrayList<>(owners);
        visible.add(null);
        return Criteria.where(ownerField).in(visible);
    }

    /** Adds the restriction to a criteria being built, leaving it unchanged when nothing is restricted. */
    public Criteria restrict(Criteria criteria, String ownerField) {
        Criteria restriction = criteria(ownerField);
        return restriction == null ? criteria : new Criteria().andOperator(criteria, restriction);
    }

    @Override
    public String toString() {
        return owners == null ? "all owners" : "owners " + owners;
    }
}

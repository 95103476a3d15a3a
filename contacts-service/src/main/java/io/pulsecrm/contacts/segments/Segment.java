package io.pulsecrm.contacts.segments;

import java.time.Instant;
import java.util.Locale;

import io.pulsecrm.platform.aggregate.VersionConflictException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A saved contact list filter (a segment), owned by the member who created it and shared as {@code sharing} says.
 * Not an event-sourced aggregate: no other service acts on segment definitions (see README, Segments), so a change is
 * one conditional write on {@code {_id, version}} (optimistic locking) and no event. {@code nameKey} (the folded
 * name) is unique per owner. Immutable: a change is a new version ({@link #withChanges}).
 */
@Document(Segment.COLLECTION)
@CompoundIndexes({
        @CompoundIndex(name = "owner_name", def = "{'ownerId': 1, 'nameKey': 1}", unique = true),
        // the segments a person sees (own, shared with the team or everyone) come in creation order
        @CompoundIndex(name = "owner_created", def = "{'ownerId': 1, '_id': 1}"),
        @CompoundIndex(name = "sharing_created", def = "{'sharing': 1, '_id': 1}")
})
public record Segment(@Id String id, String name, String nameKey, String description, SegmentFilter filter, String ownerId,
               String sharing, long version, Instant createdAt, Instant updatedAt) {

    public static final String COLLECTION = "segments";
    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;

    /** The fields of a create or an update, as asked and then as checked by {@link Segments}; {@code filter} null: unchanged. */
    record Draft(String name, String description, SegmentFilter filter, String sharing) {
    }

    /** A new segment (version 0) owned by its creator. */
    static Segment create(String id, Draft draft, String ownerId, Instant now) {
        return new Segment(id, draft.name(), nameKey(draft.name()), draft.description(), draft.filter(), ownerId,
                draft.sharing(), 0, now, now);
    }

    /** The next version with the draft's fields; an unchanged filter is kept as saved, not re-checked. */
    Segment withChanges(Draft draft, Instant now) {
        SegmentFilter changedFilter = draft.filter() == null ? filter : draft.filter();
        return new Segment(id, draft.name(), nameKey(draft.name()), draft.description(), changedFilter, ownerId,
                draft.sharing(), version + 1, createdAt, now);
    }

    /** A change is accepted only against the version the caller read (If-Match): otherwise 409. */
    void requireVersion(long expectedVersion) {
        if (version != expectedVersion) {
            throw new VersionConflictException("segment", id, expectedVersion, version);
        }
    }

    /** Names are unique per owner ignoring case. */
    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}

package io.pulsecrm.contacts.segments;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A saved contact list filter (a segment), owned by the member who created it and shared as {@code sharing} says.
 * Not an event-sourced aggregate: no other service acts on segment definitions (see README, Segments), so a change is
 * one conditional write on {@code {_id, version}} (optimistic locking) and no event. {@code nameKey} (the folded
 * name) is unique per owner.
 */
@Document(Segment.COLLECTION)
@CompoundIndex(name = "owner_name", def = "{'ownerId': 1, 'nameKey': 1}", unique = true)
public record Segment(@Id String id, String name, String nameKey, String description, SegmentFilter filter, String ownerId,
               String sharing, long version, Instant createdAt, Instant updatedAt) {

    public static final String COLLECTION = "segments";
}

package io.pulsecrm.platform.aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.events.DomainEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Transient;

/**
 * Base of every aggregate stored by {@link AggregateStore}. Behaviour methods of subclasses check their
 * invariants and {@link #record(DomainEvent) record} the events the change produces; the store then writes
 * the new state and those events in one document, so neither can exist without the other.
 */
public abstract class AggregateRoot {

    @Id
    private String id;
    /** Optimistic-lock version: bumped by every write, compared on every update. Null until first stored. */
    private Long version;
    /** Sequence number of the last event this aggregate produced (the events' aggregateversion). */
    private long eventSequence;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant deletedAt;

    @Transient
    private final List<DomainEvent> uncommittedEvents = new ArrayList<>();
    /** The document as last read or written, to tell what a change changed (the record's history). */
    @Transient
    private org.bson.Document storedState;
    @Transient
    private boolean forgetHistory;

    protected AggregateRoot() {
        // for the object mapper
    }

    protected AggregateRoot(String id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    protected final void record(DomainEvent event) {
        uncommittedEvents.add(event);
    }

    /** Fails with 409 semantics when the caller's view of the aggregate is stale. */
    public final void requireVersion(long expectedVersion) {
        if (version == null || version != expectedVersion) {
            Aggregate declaration = getClass().getAnnotation(Aggregate.class);
            String type = declaration == null ? getClass().getSimpleName() : declaration.type();
            throw new VersionConflictException(type, id, expectedVersion, version);
        }
    }

    /**
     * Erases this record's change history with the change being made (personal data on erasure): earlier
     * entries are deleted and this change is recorded without its old and new values.
     */
    protected final void forgetHistory() {
        this.forgetHistory = true;
    }

    protected final void touch(Instant now) {
        this.updatedAt = now;
    }

    protected final void markDeleted(Instant now) {
        this.deletedAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public Long getVersion() {
        return version;
    }

    public long getEventSequence() {
        return eventSequence;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    List<DomainEvent> uncommittedEvents() {
        return List.copyOf(uncommittedEvents);
    }

    void markStored(long newVersion, long newEventSequence, org.bson.Document state) {
        this.version = newVersion;
        this.eventSequence = newEventSequence;
        this.storedState = state;
        this.forgetHistory = false;
        uncommittedEvents.clear();
    }

    void rememberStoredState(org.bson.Document state) {
        this.storedState = state;
    }

    org.bson.Document storedState() {
        return storedState;
    }

    boolean forgetsHistory() {
        return forgetHistory;
    }
}

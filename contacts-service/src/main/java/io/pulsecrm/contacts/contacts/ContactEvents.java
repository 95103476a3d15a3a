package io.pulsecrm.contacts.contacts;

import java.time.Instant;
import java.util.Map;

import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.DomainEventType;

/** The contact events this service publishes on {@value Contact#TOPIC}; schemas in platform/pulse-events. */
public final class ContactEvents {

    private ContactEvents() {
    }

    /** Contact state carried by events, so consumers never need to call back. */
    public record ContactSnapshot(String id, String firstName, String lastName, String email, String phone,
                                  String jobTitle, Instant createdAt, Instant updatedAt) {
    }

    /** A field's value before and after a change. */
    public record Change(Object from, Object to) {
    }

    @DomainEventType("pulse.contact.created.v1")
    public record ContactCreated(ContactSnapshot contact) implements DomainEvent {
    }

    @DomainEventType("pulse.contact.updated.v1")
    public record ContactUpdated(ContactSnapshot contact, Map<String, Change> changes) implements DomainEvent {
    }

    @DomainEventType("pulse.contact.deleted.v1")
    public record ContactDeleted(String contactId, Instant deletedAt) implements DomainEvent {
    }
}

package io.pulsecrm.contacts.companies;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Address;
import io.pulsecrm.contacts.contacts.ContactEvents.Change;
import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.DomainEventType;
import io.pulsecrm.platform.files.FileView;

/** The company events this service publishes on {@value Company#TOPIC}; schemas in platform/pulse-events. */
public final class CompanyEvents {

    private CompanyEvents() {
    }

    public record CompanySnapshot(String id, String name, String domain, String industry, String size, Address address,
                                  String ownerId, Map<String, Object> customFields, String phone, List<String> tags,
                                  boolean phoneUnverified, Instant createdAt, Instant updatedAt) {
    }

    @DomainEventType("pulse.company.created.v1")
    public record CompanyCreated(CompanySnapshot company) implements DomainEvent {
    }

    @DomainEventType("pulse.company.updated.v1")
    public record CompanyUpdated(CompanySnapshot company, Map<String, Change> changes) implements DomainEvent {
    }

    @DomainEventType("pulse.company.deleted.v1")
    public record CompanyDeleted(String companyId, Instant deletedAt) implements DomainEvent {
    }

    /** A file was attached to the company ({@code /api/companies/{id}/files}). */
    @DomainEventType("pulse.company.file_attached.v1")
    public record CompanyFileAttached(String companyId, FileView file) implements DomainEvent {
    }

    /** A file was removed from the company. */
    @DomainEventType("pulse.company.file_removed.v1")
    public record CompanyFileRemoved(String companyId, FileView file) implements DomainEvent {
    }
}

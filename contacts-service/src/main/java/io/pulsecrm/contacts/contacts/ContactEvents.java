package io.pulsecrm.contacts.contacts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.files.FileView;
import io.pulsecrm.platform.events.DomainEventType;

/** The contact events this service publishes on {@value Contact#TOPIC}; schemas in platform/pulse-events. */
public final class ContactEvents {

    private ContactEvents() {
    }

    /**
     * Contact state carried by events, so consumers never need to call back. {@code phone} is always E.164: a phone
     * kept as entered (unverified) is {@code unverifiedPhone} instead, with {@code phone} null.
     */
    public record ContactSnapshot(String id, String firstName, String lastName, String email, String phone,
                                  String jobTitle, List<String> otherEmails, List<String> otherPhones,
                                  List<Messenger> messengers, Address address, String source, String lifecycleStage,
                                  String ownerId, String companyId, List<String> tags, LocalDate birthday,
                                  Consent consent, Map<String, Object> customFields, Acquisition acquisition,
                                  String unverifiedPhone, Instant createdAt, Instant updatedAt) {
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

    /** {@code mergedInto} is set when the contact disappeared because it was merged into another one. */
    @DomainEventType("pulse.contact.deleted.v1")
    public record ContactDeleted(String contactId, Instant deletedAt, String mergedInto) implements DomainEvent {
    }

    /** A contact's personal data was erased (GDPR); consumers delete what they keep about it. */
    @DomainEventType("pulse.contact.erased.v1")
    public record ContactErased(String contactId, Instant erasedAt) implements DomainEvent {
    }

    /** The survivor of a merge: the merged contacts are gone; other services repoint their references here. */
    @DomainEventType("pulse.contact.merged.v1")
    public record ContactMerged(String survivorId, List<String> mergedIds, ContactSnapshot contact,
                                Map<String, Change> changes) implements DomainEvent {
    }

    /**
     * The deal a conversion opens, as chosen by the person converting: deals-service opens it with {@code dealId} (see
     * {@link ContactConverted}). {@code amount} is a decimal string in {@code currency}, both absent when not given.
     */
    public record DealToOpen(String name, String pipelineId, String stageId, String amount, String currency,
                             String ownerId, String contactRole, String expectedCloseDate, String source) {
    }

    /**
     * A lead was converted: deals-service opens deal {@code dealId} (exactly that id, once) with the contact in
     * {@code deal.contactRole} and company {@code companyId}. The contact's own change (lifecycle stage) is announced
     * by the {@code pulse.contact.updated.v1} written with it.
     */
    @DomainEventType("pulse.contact.converted.v1")
    public record ContactConverted(String contactId, String dealId, DealToOpen deal, String companyId,
                                   ContactSnapshot contact, Instant convertedAt, String convertedBy) implements DomainEvent {
    }

    /** A file was attached to the contact ({@code /api/contacts/{id}/files}); its bytes stay in the service. */
    @DomainEventType("pulse.contact.file_attached.v1")
    public record ContactFileAttached(String contactId, FileView file) implements DomainEvent {
    }

    /** A file was removed from the contact. */
    @DomainEventType("pulse.contact.file_removed.v1")
    public record ContactFileRemoved(String contactId, FileView file) implements DomainEvent {
    }
}

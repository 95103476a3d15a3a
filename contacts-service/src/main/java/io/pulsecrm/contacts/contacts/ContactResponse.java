package io.pulsecrm.contacts.contacts;

import java.time.Instant;

/** A contact as the API shows it; {@code version} is also the ETag to send back in If-Match. */
public record ContactResponse(String id, String firstName, String lastName, String email, String phone,
                              String jobTitle, long version, Instant createdAt, Instant updatedAt) {

    static ContactResponse of(Contact contact) {
        ContactDetails details = contact.details();
        return new ContactResponse(contact.getId(), details.firstName(), details.lastName(), details.email(),
                details.phone(), details.jobTitle(), contact.getVersion(), contact.getCreatedAt(), contact.getUpdatedAt());
    }
}

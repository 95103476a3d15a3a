package io.pulsecrm.contacts.contacts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A contact as the API shows it; {@code version} is also the ETag to send back in If-Match. */
public record ContactResponse(String id, String firstName, String lastName, String email, String phone,
                              String jobTitle, List<String> otherEmails, List<String> otherPhones,
                              List<Messenger> messengers, Address address, String source, String lifecycleStage,
                              String ownerId, String companyId, List<String> tags, LocalDate birthday,
                              Consent consent, Map<String, Object> customFields, Acquisition acquisition, boolean phoneUnverified,
                              long version, Instant createdAt, Instant updatedAt, Conversion conversion) {

    public static ContactResponse of(Contact contact) {
        ContactDetails d = contact.details();
        return new ContactResponse(contact.getId(), d.firstName(), d.lastName(), d.email(), d.phone(), d.jobTitle(),
                d.otherEmails(), d.otherPhones(), d.messengers(), d.address(), d.source(), d.lifecycleStage(),
                d.ownerId(), d.companyId(), d.tags(), d.birthday(), d.consent(), d.customFields(), d.acquisition(), d.phoneUnverified(), contact.getVersion(),
                contact.getCreatedAt(), contact.getUpdatedAt(), contact.getConversion());
    }
}

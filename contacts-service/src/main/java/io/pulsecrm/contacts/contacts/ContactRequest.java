package io.pulsecrm.contacts.contacts;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/contacts} and the shape a merge patch is applied to. Unknown fields are refused by
 * the platform's JSON settings.
 */
record ContactRequest(String firstName, String lastName, String email, String phone, String jobTitle,
                      List<String> otherEmails, List<String> otherPhones, List<Messenger> messengers,
                      Address address, String source, String lifecycleStage, String ownerId, String companyId,
                      List<String> tags, LocalDate birthday, Consent consent,
                      Map<String, Object> customFields, Acquisition acquisition, Boolean phoneUnverified) {

    ContactDetails toDetails() {
        return new ContactDetails(firstName, lastName, email, phone, jobTitle, otherEmails, otherPhones, messengers,
                address, source, lifecycleStage, ownerId, companyId, tags, birthday, consent, customFields, acquisition,
                Boolean.TRUE.equals(phoneUnverified));
    }

    static ContactRequest of(ContactDetails d) {
        return new ContactRequest(d.firstName(), d.lastName(), d.email(), d.phone(), d.jobTitle(), d.otherEmails(),
                d.otherPhones(), d.messengers(), d.address(), d.source(), d.lifecycleStage(), d.ownerId(),
                d.companyId(), d.tags(), d.birthday(), d.consent(), d.customFields(), d.acquisition(),
                d.phoneUnverified());
    }
}

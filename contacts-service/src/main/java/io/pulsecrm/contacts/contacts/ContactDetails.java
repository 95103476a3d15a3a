package io.pulsecrm.contacts.contacts;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The editable fields of a contact, already normalised (trimmed, emails lower-cased, phones in E.164, tags
 * lower-cased, lists never null). Built by {@link ContactNormalizer}, which refuses values that cannot be
 * normalised. {@code email} and {@code phone} are the primary ones; the others are kept beside them.
 * {@code phoneUnverified}: the primary phone could not be read as a phone number and is kept as it was entered
 * (asked for explicitly on the API, or by an import), so it is not in E.164.
 */
public record ContactDetails(String firstName, String lastName, String email, String phone, String jobTitle,
                             List<String> otherEmails, List<String> otherPhones, List<Messenger> messengers,
                             Address address, String source, String lifecycleStage, String ownerId, String companyId,
                             List<String> tags, LocalDate birthday, Consent consent,
                             Map<String, Object> customFields, Acquisition acquisition, boolean phoneUnverified) {

    public ContactDetails {
        otherEmails = otherEmails == null ? List.of() : List.copyOf(otherEmails);
        otherPhones = otherPhones == null ? List.of() : List.copyOf(otherPhones);
        messengers = messengers == null ? List.of() : List.copyOf(messengers);
        tags = tags == null ? List.of() : List.copyOf(tags);
        customFields = customFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    }

    /** Without a phone kept as entered: what callers that never had one build. */
    public ContactDetails(String firstName, String lastName, String email, String phone, String jobTitle,
                          List<String> otherEmails, List<String> otherPhones, List<Messenger> messengers,
                          Address address, String source, String lifecycleStage, String ownerId, String companyId,
                          List<String> tags, LocalDate birthday, Consent consent,
                          Map<String, Object> customFields, Acquisition acquisition) {
        this(firstName, lastName, email, phone, jobTitle, otherEmails, otherPhones, messengers, address, source,
                lifecycleStage, ownerId, companyId, tags, birthday, consent, customFields, acquisition, false);
    }

    /** Only the original five fields (the rest empty): what older callers send. */
    public static ContactDetails basic(String firstName, String lastName, String email, String phone, String jobTitle) {
        return new ContactDetails(firstName, lastName, email, phone, jobTitle, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** Primary email first, then the others. */
    public List<String> allEmails() {
        return email == null ? otherEmails : java.util.stream.Stream.concat(java.util.stream.Stream.of(email), otherEmails.stream()).toList();
    }

    /** Primary phone first, then the others. */
    public List<String> allPhones() {
        return phone == null ? otherPhones : java.util.stream.Stream.concat(java.util.stream.Stream.of(phone), otherPhones.stream()).toList();
    }
}

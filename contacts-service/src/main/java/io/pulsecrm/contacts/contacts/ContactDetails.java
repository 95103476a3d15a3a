package io.pulsecrm.contacts.contacts;

/**
 * The editable fields of a contact, already normalised (trimmed, email lower-cased, phone in E.164).
 * Built by {@link ContactNormalizer}, which refuses values that cannot be normalised.
 */
public record ContactDetails(String firstName, String lastName, String email, String phone, String jobTitle) {
}

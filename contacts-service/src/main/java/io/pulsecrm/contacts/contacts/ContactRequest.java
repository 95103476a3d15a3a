package io.pulsecrm.contacts.contacts;

/** Body of {@code POST /api/contacts}. Unknown fields are refused by the platform's JSON settings. */
record ContactRequest(String firstName, String lastName, String email, String phone, String jobTitle) {

    ContactDetails toDetails() {
        return new ContactDetails(firstName, lastName, email, phone, jobTitle);
    }
}

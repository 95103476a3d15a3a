package io.pulsecrm.deals.contacts;

/** What deals-service knows of a contact, from contacts-service's events. */
public record ContactName(String id, String firstName, String lastName, String email) {

    public String displayName() {
        return lastName == null ? firstName : firstName == null ? lastName : firstName + " " + lastName;
    }
}

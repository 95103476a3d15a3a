package io.pulsecrm.contacts.contacts;

/** A postal address; every part optional. {@code country} is an ISO 3166-1 alpha-2 code. */
public record Address(String street, String city, String region, String postalCode, String country) {
}

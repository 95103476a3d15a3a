package io.pulsecrm.contacts.companies;

import io.pulsecrm.contacts.contacts.Address;

/** The editable fields of a company, normalised by {@link CompanyNormalizer} (domain lower-case, no scheme or www). */
public record CompanyDetails(String name, String domain, String industry, String size, Address address, String ownerId) {
}

package io.pulsecrm.contacts.companies;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Address;

/**
 * The editable fields of a company, normalised by {@link CompanyNormalizer} (domain lower-case, no scheme or www;
 * custom fields checked against their definitions). {@code customFields} is never null.
 */
public record CompanyDetails(String name, String domain, String industry, String size, Address address, String ownerId,
                             Map<String, Object> customFields) {

    public CompanyDetails {
        customFields = customFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
    }

    public CompanyDetails withOwner(String owner) {
        return new CompanyDetails(name, domain, industry, size, address, owner, customFields);
    }
}

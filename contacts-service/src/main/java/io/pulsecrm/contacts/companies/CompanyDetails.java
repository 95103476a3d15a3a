package io.pulsecrm.contacts.companies;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Address;

/**
 * The editable fields of a company, normalised by {@link CompanyNormalizer} (domain lower-case, no scheme or www; the
 * main phone in E.164, or as entered when {@code phoneUnverified}; tags lower-case; custom fields checked against
 * their definitions). {@code customFields} and {@code tags} are never null.
 */
public record CompanyDetails(String name, String domain, String industry, String size, Address address, String ownerId,
                             Map<String, Object> customFields, String phone, List<String> tags, boolean phoneUnverified) {

    public CompanyDetails {
        customFields = customFields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public CompanyDetails withOwner(String owner) {
        return new CompanyDetails(name, domain, industry, size, address, owner, customFields, phone, tags, phoneUnverified);
    }
}

package io.pulsecrm.contacts.companies;

import java.util.Map;

import io.pulsecrm.contacts.contacts.Address;

/** Body of {@code POST /api/companies} and the shape a merge patch is applied to. */
record CompanyRequest(String name, String domain, String industry, String size, Address address, String ownerId,
                      Map<String, Object> customFields) {

    CompanyDetails toDetails() {
        return new CompanyDetails(name, domain, industry, size, address, ownerId, customFields);
    }

    static CompanyRequest of(CompanyDetails d) {
        return new CompanyRequest(d.name(), d.domain(), d.industry(), d.size(), d.address(), d.ownerId(), d.customFields());
    }
}

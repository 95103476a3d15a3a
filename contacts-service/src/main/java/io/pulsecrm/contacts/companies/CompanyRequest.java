package io.pulsecrm.contacts.companies;

import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Address;

/**
 * Body of {@code POST /api/companies} and the shape a merge patch is applied to. {@code phoneUnverified}: keep a phone
 * that is no valid number as entered (marked so) instead of refusing it, as for contacts.
 */
record CompanyRequest(String name, String domain, String industry, String size, Address address, String ownerId,
                      Map<String, Object> customFields, String phone, List<String> tags, Boolean phoneUnverified) {

    CompanyDetails toDetails() {
        return new CompanyDetails(name, domain, industry, size, address, ownerId, customFields, phone, tags,
                Boolean.TRUE.equals(phoneUnverified));
    }

    static CompanyRequest of(CompanyDetails d) {
        return new CompanyRequest(d.name(), d.domain(), d.industry(), d.size(), d.address(), d.ownerId(), d.customFields(),
                d.phone(), d.tags(), d.phoneUnverified());
    }
}

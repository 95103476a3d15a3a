package io.pulsecrm.contacts.companies;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Address;

/** A company as the API shows it; {@code version} is also the ETag. */
public record CompanyResponse(String id, String name, String domain, String industry, String size, Address address,
                              String ownerId, Map<String, Object> customFields, String phone, List<String> tags,
                              boolean phoneUnverified, long version, Instant createdAt, Instant updatedAt) {

    public static CompanyResponse of(Company company) {
        CompanyDetails d = company.details();
        return new CompanyResponse(company.getId(), d.name(), d.domain(), d.industry(), d.size(), d.address(),
                d.ownerId(), d.customFields(), d.phone(), d.tags(), d.phoneUnverified(), company.getVersion(), company.getCreatedAt(),
                company.getUpdatedAt());
    }
}

package io.pulsecrm.contacts.contacts;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.platform.aggregate.AggregateStore;
import io.pulsecrm.platform.web.CursorPage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/companies/{id}/contacts}: the contacts of a company, same paging and sorts as the contact list. The
 * company must be visible to the caller (else 404) and only the contacts they see are listed.
 */
@RestController
@Validated
class CompanyContactsController {

    private final AggregateStore store;
    private final ContactDirectory directory;
    private final RecordAccess access;

    CompanyContactsController(AggregateStore store, ContactDirectory directory, RecordAccess access) {
        this.store = store;
        this.directory = directory;
        this.access = access;
    }

    @GetMapping(path = "/api/companies/{id}/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
    CursorPage<ContactResponse> contacts(@PathVariable String id,
                                         @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit,
                                         @RequestParam(required = false) String cursor,
                                         @RequestParam(required = false) String sort) {
        Company company = store.get(Company.class, id); // 404 for an unknown company
        access.requireVisible(company.getOwnerId(), "company", id); // and for one the caller may not see
        return directory.page(new ContactDirectory.Filter(null, null, null, null, id, null, java.util.Map.of()),
                access.scope(), directory.sort(sort), limit, cursor);
    }
}

package io.pulsecrm.contacts.bulk;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/contacts/bulk}: one change (owner, tags) to up to {@value BulkChange#MAX_ITEMS} contacts in one
 * request, with a result per contact. A bulk endpoint rather than one PATCH per row from the browser: a selection of
 * hundreds would spend the caller's whole gateway rate limit (600 requests a minute) and leave a half-applied change
 * when it runs out; here every contact is still its own checked, versioned write with its own event.
 */
@RestController
class ContactBulkController {

    private final ContactBulkChanges changes;

    ContactBulkController(ContactBulkChanges changes) {
        this.changes = changes;
    }

    @PostMapping(path = "/api/contacts/bulk", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    BulkChangeResult apply(@RequestBody BulkChange change) {
        return changes.apply(change);
    }
}

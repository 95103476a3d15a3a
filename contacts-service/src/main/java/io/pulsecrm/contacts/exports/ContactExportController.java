package io.pulsecrm.contacts.exports;

import java.util.Map;

import io.pulsecrm.contacts.contacts.ContactDirectory.Filter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/contacts/export}: every contact matching the list's filters that the caller sees, as CSV
 * ({@link ContactCsvExport}).
 */
@RestController
class ContactExportController {

    private final ContactCsvExport csv;

    ContactExportController(ContactCsvExport csv) {
        this.csv = csv;
    }

    @GetMapping(path = "/api/contacts/export", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> export(@RequestParam Map<String, String> parameters) {
        return csv.stream(Filter.of(parameters), "contacts.csv");
    }
}

package io.pulsecrm.contacts.exports;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.ContactDirectory.Filter;
import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TabularFormat;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /api/contacts/export}: every contact matching the list's filters that the caller sees, as CSV (UTF-8
 * with a byte order mark; {@code ?delimiter=;}, {@code ?bom=false}) or {@code ?format=xlsx} ({@link ContactCsvExport}). {@code POST /api/contacts/export} with {@code {"ids": [...]}}: the chosen contacts (a
 * selection of rows is too long for a URL), the same columns.
 */
@RestController
class ContactExportController {

    private final ContactCsvExport csv;

    ContactExportController(ContactCsvExport csv) {
        this.csv = csv;
    }

    @GetMapping(path = "/api/contacts/export", produces = {"text/csv", TabularFormat.XLSX_MEDIA_TYPE})
    ResponseEntity<StreamingResponseBody> export(@Parameter(hidden = true) @RequestParam Map<String, String> parameters) {
        return csv.stream(Filter.of(parameters), "contacts", ExportOptions.of(parameters));
    }

    /** The contacts of a selection; ids the caller may not see (or that do not exist) are left out, as from a list. */
    @PostMapping(path = "/api/contacts/export", consumes = "application/json", produces = {"text/csv", TabularFormat.XLSX_MEDIA_TYPE})
    ResponseEntity<StreamingResponseBody> exportSelection(@RequestBody Selection selection,
                                                          @RequestParam(required = false) String format,
                                                          @RequestParam(required = false) String delimiter,
                                                          @RequestParam(required = false) Boolean bom) {
        return csv.stream(Filter.selection(selection.validIds()), "contacts", ExportOptions.of(format, delimiter, bom));
    }

    /** @param ids 1 to {@value #MAX_IDS} contact ids */
    record Selection(List<String> ids) {

        static final int MAX_IDS = 1000;

        java.util.Set<String> validIds() {
            if (ids == null || ids.isEmpty() || ids.size() > MAX_IDS) {
                throw InvalidRequestException.field("ids", "must have 1 to " + MAX_IDS + " entries");
            }
            if (ids.stream().anyMatch(id -> id == null || id.isBlank())) {
                throw InvalidRequestException.field("ids", "must not hold empty ids");
            }
            return new LinkedHashSet<>(ids);
        }
    }
}

package io.pulsecrm.contacts.exports;

import java.util.List;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactDirectory;
import io.pulsecrm.contacts.contacts.ContactDirectory.Filter;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.security.OwnerScope;
import io.pulsecrm.platform.tabular.TableWriter;
import io.pulsecrm.platform.tabular.TabularException;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Contacts as a download that opens correctly in Excel, for {@code GET /api/contacts/export} and a segment's export:
 * CSV in UTF-8 with a byte order mark by default, the delimiter on request ({@code ;} for Excel in European
 * locales), or .xlsx ({@link TableWriter}); streamed from a store cursor so large exports never sit in memory. CSV
 * cells that a spreadsheet would run as a formula are prefixed with an apostrophe. Only the contacts the caller sees
 * are exported: the restriction is part of the query. Each contact custom field defined when the export starts is a
 * column {@code cf.<key>} after the built-in ones, in the text form an import reads back ({@link CustomFields#toText}).
 */
@Component
public class ContactCsvExport {

    static final List<String> COLUMNS = List.of("id", "firstName", "lastName", "email", "phone", "jobTitle",
            "otherEmails", "otherPhones", "lifecycleStage", "source", "ownerId", "companyId", "tags", "birthday",
            "street", "city", "region", "postalCode", "country", "createdAt", "updatedAt", "utmSource", "utmMedium",
            "utmCampaign", "utmTerm", "utmContent", "referrer", "landingPage", "phoneUnverified");

    /**
     * How a download is written: {@code format} csv (default) or xlsx, {@code delimiter} for CSV (default comma),
     * {@code bom} false for CSV without a byte order mark (for programs that do not expect one).
     */
    public record Options(String format, String delimiter, Boolean bom) {

        public static Options of(java.util.Map<String, String> parameters) {
            return new Options(parameters.get("format"), parameters.get("delimiter"),
                    parameters.containsKey("bom") ? Boolean.valueOf(parameters.get("bom")) : null);
        }
    }

    private final ContactDirectory directory;
    private final RecordAccess access;
    private final CustomFields customFields;

    ContactCsvExport(ContactDirectory directory, RecordAccess access, CustomFields customFields) {
        this.directory = directory;
        this.access = access;
        this.customFields = customFields;
    }

    /** Every contact matching {@code filter} that the current caller sees, as a download named {@code baseName}.csv/.xlsx. */
    public ResponseEntity<StreamingResponseBody> stream(Filter filter, String baseName, Options options) {
        // decided here, in the request's thread: the body is written later, by another one
        OwnerScope scope = access.scope();
        // bad filters and options are refused before the response starts (a 400 problem, not a broken download)
        try {
            TableWriter.check(options.format(), options.delimiter());
        } catch (TabularException e) {
            throw InvalidRequestException.field(e.field(), e.getMessage());
        }
        directory.page(filter, scope, directory.sort(null), 1, null);
        List<CustomFieldDefinition> custom = customFields.definitions("contact");
        StreamingResponseBody body = out -> {
            try (TableWriter writer = TableWriter.open(options.format(), out, options.delimiter(), !Boolean.FALSE.equals(options.bom()))) {
                List<String> header = new java.util.ArrayList<>(COLUMNS);
                custom.forEach(definition -> header.add(CustomFields.PREFIX + definition.key()));
                writer.row(header);
                directory.forEach(filter, scope, contact -> {
                    try {
                        writer.row(row(contact, custom));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + baseName + "." + TableWriter.extension(options.format()) + "\"")
                .contentType(MediaType.parseMediaType(TableWriter.mediaType(options.format())))
                .body(body);
    }

    private static List<Object> row(Contact contact, List<CustomFieldDefinition> custom) {
        ContactDetails d = contact.details();
        var address = d.address();
        List<Object> cells = new java.util.ArrayList<>(java.util.Arrays.asList(contact.getId(), d.firstName(), d.lastName(), d.email(), d.phone(),
                d.jobTitle(), String.join(";", d.otherEmails()), String.join(";", d.otherPhones()), d.lifecycleStage(),
                d.source(), d.ownerId(), d.companyId(), String.join(";", d.tags()), d.birthday(),
                address == null ? null : address.street(), address == null ? null : address.city(),
                address == null ? null : address.region(), address == null ? null : address.postalCode(),
                address == null ? null : address.country(), contact.getCreatedAt(), contact.getUpdatedAt()));
        var first = d.acquisition() == null ? new io.pulsecrm.contacts.contacts.Acquisition(null, null, null, null, null, null, null) : d.acquisition();
        cells.addAll(java.util.Arrays.asList(first.utmSource(), first.utmMedium(), first.utmCampaign(), first.utmTerm(),
                first.utmContent(), first.referrer(), first.landingPage(), d.phoneUnverified() ? "true" : null));
        custom.forEach(definition -> cells.add(CustomFields.toText(definition, d.customFields().get(definition.key()))));
        return cells;
    }
}

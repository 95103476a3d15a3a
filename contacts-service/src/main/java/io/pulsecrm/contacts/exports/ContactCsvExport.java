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
import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TableDownload;
import io.pulsecrm.platform.tabular.TableWriter;
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

    private final ContactDirectory directory;
    private final RecordAccess access;
    private final CustomFields customFields;

    ContactCsvExport(ContactDirectory directory, RecordAccess access, CustomFields customFields) {
        this.directory = directory;
        this.access = access;
        this.customFields = customFields;
    }

    /** Every contact matching {@code filter} that the current caller sees, as a download named {@code baseName}.csv/.xlsx. */
    public ResponseEntity<StreamingResponseBody> stream(Filter filter, String baseName, ExportOptions options) {
        // decided here, in the request's thread: the body is written later, by another one
        OwnerScope scope = access.scope();
        // a bad filter is refused before the response starts (a 400 problem, not a broken download)
        directory.page(filter, scope, directory.sort(null), 1, null);
        List<CustomFieldDefinition> custom = customFields.definitions("contact");
        return TableDownload.of(baseName, options, writer -> {
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
        });
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

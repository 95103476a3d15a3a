package io.pulsecrm.contacts.exports;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.pulsecrm.contacts.access.RecordAccess;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.contacts.ContactDirectory;
import io.pulsecrm.contacts.contacts.ContactDirectory.Filter;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.security.OwnerScope;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Contacts as CSV (RFC 4180, UTF-8), for {@code GET /api/contacts/export} and a segment's export: streamed
 * from a store cursor so large exports never sit in memory. Cells that a spreadsheet would run as a formula are
 * prefixed with an apostrophe. Only the contacts the caller sees are exported: the restriction is part of the query.
 * Each contact custom field defined when the export starts is a column {@code cf.<key>} after the built-in ones, in
 * the text form an import reads back ({@link CustomFields#toText}).
 */
@Component
public class ContactCsvExport {

    static final List<String> COLUMNS = List.of("id", "firstName", "lastName", "email", "phone", "jobTitle",
            "otherEmails", "otherPhones", "lifecycleStage", "source", "ownerId", "companyId", "tags", "birthday",
            "street", "city", "region", "postalCode", "country", "createdAt", "updatedAt", "utmSource", "utmMedium",
            "utmCampaign", "utmTerm", "utmContent", "referrer", "landingPage");

    /** E.164 phones, negative numbers and money amounts ({@code -12.5 EUR}): no formula, nothing to neutralise. */
    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("^[+-][0-9]+(\\.[0-9]+)?( [A-Z]{3})?$");

    private final ContactDirectory directory;
    private final RecordAccess access;
    private final CustomFields customFields;

    ContactCsvExport(ContactDirectory directory, RecordAccess access, CustomFields customFields) {
        this.directory = directory;
        this.access = access;
        this.customFields = customFields;
    }

    /** Every contact matching {@code filter} that the current caller sees, as a download named {@code fileName}. */
    public ResponseEntity<StreamingResponseBody> stream(Filter filter, String fileName) {
        // decided here, in the request's thread: the body is written later, by another one
        OwnerScope scope = access.scope();
        // bad filters are refused before the response starts (a 400 problem, not a broken download)
        directory.page(filter, scope, directory.sort(null), 1, null);
        List<CustomFieldDefinition> custom = customFields.definitions("contact");
        StreamingResponseBody body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            List<String> header = new java.util.ArrayList<>(COLUMNS);
            custom.forEach(definition -> header.add(CustomFields.PREFIX + definition.key()));
            writer.write(String.join(",", header));
            writer.write("\r\n");
            directory.forEach(filter, scope, contact -> {
                try {
                    writer.write(row(contact, custom));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(body);
    }

    private static String row(Contact contact, List<CustomFieldDefinition> custom) {
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
                first.utmContent(), first.referrer(), first.landingPage()));
        custom.forEach(definition -> cells.add(CustomFields.toText(definition, d.customFields().get(definition.key()))));
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !PLAIN_NUMBER.matcher(text).matches()) {
            // CSV injection: not a formula when opened in a spreadsheet (E.164 phones, signed numbers and amounts stay)
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}

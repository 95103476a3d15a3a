package io.pulsecrm.contacts.imports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Acquisition;
import io.pulsecrm.contacts.contacts.Address;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.web.InvalidRequestException;

/**
 * The contact fields a CSV column can be mapped to (the built-in ones, and {@code cf.<key>} for each defined custom
 * field), and how a row becomes contact details.
 */
final class ImportFields {

    static final List<String> FIELDS = List.of("firstName", "lastName", "email", "phone", "jobTitle", "otherEmails",
            "otherPhones", "lifecycleStage", "ownerId", "companyId", "tags", "birthday", "street", "city", "region",
            "postalCode", "country", "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "referrer",
            "landingPage");

    private ImportFields() {
    }

    /**
     * Raw details of one row (a country by name, in English or Russian, becomes its ISO code) (normalised later, exactly like an API create); list cells are split on ';', custom
     * field cells are read as {@link CustomFields#fromText} says (problems under {@code customFields.<key>}).
     */
    static ContactDetails details(List<ImportJob.ColumnMapping> mapping, List<String> columns, List<String> cells,
                                  Map<String, CustomFieldDefinition> definitions,
                                  List<InvalidRequestException.FieldProblem> problems) {
        Map<String, String> values = new HashMap<>();
        Map<String, Object> custom = new LinkedHashMap<>();
        cells(mapping, columns, cells, definitions, values, custom, problems);
        LocalDate birthday = null;
        if (values.containsKey("birthday")) {
            try {
                birthday = LocalDate.parse(values.get("birthday"));
            } catch (DateTimeParseException e) {
                problems.add(new InvalidRequestException.FieldProblem("birthday", "must be a date yyyy-MM-dd"));
            }
        }
        Address address = new Address(values.get("street"), values.get("city"), values.get("region"),
                values.get("postalCode"), Countries.code(values.get("country")));
        // first touch, as the exporting system recorded it (columns utm_source... map here by name)
        Acquisition acquisition = new Acquisition(values.get("utmSource"), values.get("utmMedium"),
                values.get("utmCampaign"), values.get("utmTerm"), values.get("utmContent"), values.get("referrer"),
                values.get("landingPage"));
        return new ContactDetails(values.get("firstName"), values.get("lastName"), values.get("email"),
                values.get("phone"), values.get("jobTitle"), list(values.get("otherEmails")),
                list(values.get("otherPhones")), null, address, "import", values.get("lifecycleStage"),
                values.get("ownerId"), values.get("companyId"), list(values.get("tags")), birthday, null, custom,
                acquisition, true); // a phone that cannot be read is kept as entered, and the row says so
    }

    /**
     * The row's non-empty cells by mapped field: built-in fields' text into {@code values}, custom fields read as
     * {@link CustomFields#fromText} says into {@code custom} (problems under {@code customFields.<key>}).
     */
    static void cells(List<ImportJob.ColumnMapping> mapping, List<String> columns, List<String> cells,
                      Map<String, CustomFieldDefinition> definitions, Map<String, String> values, Map<String, Object> custom,
                      List<InvalidRequestException.FieldProblem> problems) {
        for (ImportJob.ColumnMapping column : mapping) {
            int index = columns.indexOf(column.column());
            String value = index < cells.size() ? cells.get(index).strip() : "";
            if (value.isEmpty()) {
                continue;
            }
            if (column.field().startsWith(CustomFields.PREFIX)) {
                String key = column.field().substring(CustomFields.PREFIX.length());
                CustomFieldDefinition definition = definitions.get(key);
                if (definition == null) { // deleted since the mapping was checked
                    problems.add(new InvalidRequestException.FieldProblem("customFields." + key, "is not a defined custom field"));
                } else {
                    Object parsed = CustomFields.fromText(definition, value, "customFields." + key, problems);
                    if (parsed != null) {
                        custom.put(key, parsed);
                    }
                }
            } else {
                values.put(column.field(), value);
            }
        }
    }

    /** Whether a mapping target is importable: a built-in field, or {@code cf.<key>} of a defined custom field. */
    static boolean importable(String field, List<String> fields, Map<String, CustomFieldDefinition> definitions) {
        if (field == null) {
            return false;
        }
        if (field.startsWith(CustomFields.PREFIX)) {
            return definitions.containsKey(field.substring(CustomFields.PREFIX.length()));
        }
        return fields.contains(field);
    }

    static List<String> list(String cell) {
        return cell == null ? List.of() : Arrays.stream(cell.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

package io.pulsecrm.contacts.imports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.Address;
import io.pulsecrm.contacts.contacts.ContactDetails;
import io.pulsecrm.platform.web.InvalidRequestException;

/** The contact fields a CSV column can be mapped to, and how a row becomes contact details. */
final class ImportFields {

    static final List<String> FIELDS = List.of("firstName", "lastName", "email", "phone", "jobTitle", "otherEmails",
            "otherPhones", "lifecycleStage", "ownerId", "companyId", "tags", "birthday", "street", "city", "region",
            "postalCode", "country");

    private ImportFields() {
    }

    /** Raw details of one row (normalised later, exactly like an API create); list cells are split on ';'. */
    static ContactDetails details(List<ImportJob.ColumnMapping> mapping, List<String> columns, List<String> cells,
                                  List<InvalidRequestException.FieldProblem> problems) {
        Map<String, String> values = new HashMap<>();
        for (ImportJob.ColumnMapping column : mapping) {
            int index = columns.indexOf(column.column());
            String value = index < cells.size() ? cells.get(index).strip() : "";
            if (!value.isEmpty()) {
                values.put(column.field(), value);
            }
        }
        LocalDate birthday = null;
        if (values.containsKey("birthday")) {
            try {
                birthday = LocalDate.parse(values.get("birthday"));
            } catch (DateTimeParseException e) {
                problems.add(new InvalidRequestException.FieldProblem("birthday", "must be a date yyyy-MM-dd"));
            }
        }
        Address address = new Address(values.get("street"), values.get("city"), values.get("region"),
                values.get("postalCode"), values.get("country"));
        return new ContactDetails(values.get("firstName"), values.get("lastName"), values.get("email"),
                values.get("phone"), values.get("jobTitle"), list(values.get("otherEmails")),
                list(values.get("otherPhones")), null, address, "import", values.get("lifecycleStage"),
                values.get("ownerId"), values.get("companyId"), list(values.get("tags")), birthday, null, null);
    }

    private static List<String> list(String cell) {
        return cell == null ? List.of() : Arrays.stream(cell.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

package io.pulsecrm.contacts.contacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * A JSON merge patch (RFC 7396) of a contact's editable fields. Only known fields are accepted, so a key
 * such as {@code $set} or {@code a.b} can never reach the store as an operator or a path.
 */
final class ContactPatch {

    private static final Set<String> FIELDS = Set.of("firstName", "lastName", "email", "phone", "jobTitle");

    private final Map<String, String> values;

    private ContactPatch(Map<String, String> values) {
        this.values = values;
    }

    static ContactPatch parse(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (var entry : patch.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (!FIELDS.contains(field)) {
                problems.add(new FieldProblem(field, "is not a contact field"));
            } else if (value.isNull()) {
                values.put(field, null);
            } else if (value.isString()) {
                values.put(field, value.asString());
            } else {
                problems.add(new FieldProblem(field, "must be a string or null"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The patch has invalid fields", problems);
        }
        return new ContactPatch(values);
    }

    ContactDetails applyTo(ContactDetails current) {
        return new ContactDetails(
                valueOr("firstName", current.firstName()),
                valueOr("lastName", current.lastName()),
                valueOr("email", current.email()),
                valueOr("phone", current.phone()),
                valueOr("jobTitle", current.jobTitle()));
    }

    private String valueOr(String field, String current) {
        return values.containsKey(field) ? values.get(field) : current;
    }
}

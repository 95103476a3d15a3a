package io.pulsecrm.contacts.segments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pulsecrm.contacts.contacts.ContactDirectory;
import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * The contact list filter a segment saves: exactly the query parameters {@code GET /api/contacts} takes (q,
 * lifecycleStage, ownerId, tag, companyId, source, {@code cf.<key>}, sort), kept as a structure. Custom field keys are
 * stored as field names only after they matched {@link CustomFields#KEY} and a definition (see {@link Segments}).
 */
record SegmentFilter(String q, String lifecycleStage, String ownerId, String tag, String companyId, String source,
                     Map<String, String> customFields, String sort) {

    static final List<String> PARAMETERS = List.of("q", "lifecycleStage", "ownerId", "tag", "companyId", "source", "sort");

    SegmentFilter {
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    /**
     * From a request's {@code filter} object (absent: every contact); values are strings as in the list's query
     * (numbers and booleans are taken as their text). Unknown parameters and other types are refused per field.
     */
    static SegmentFilter parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return new SegmentFilter(null, null, null, null, null, null, Map.of(), null);
        }
        if (!node.isObject()) {
            throw InvalidRequestException.field("filter", "must be an object of contact list parameters");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            String field = "filter." + name;
            boolean custom = name.startsWith(CustomFields.PREFIX)
                    && CustomFields.KEY.matcher(name.substring(CustomFields.PREFIX.length())).matches();
            if (!custom && !PARAMETERS.contains(name)) {
                problems.add(new FieldProblem(field, "is not a contact list filter; filters: " + PARAMETERS + ", cf.<key>"));
            } else if (value.isString() || value.isNumber() || value.isBoolean()) {
                values.put(name, value.asString());
            } else if (!value.isNull()) {
                problems.add(new FieldProblem(field, "must be a string, as in the contact list's query"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The segment's filter is invalid", problems);
        }
        ContactDirectory.Filter filter = ContactDirectory.Filter.of(values);
        return new SegmentFilter(filter.q(), filter.lifecycleStage(), filter.ownerId(), filter.tag(), filter.companyId(),
                filter.source(), filter.customFields(), values.get("sort"));
    }

    ContactDirectory.Filter toFilter() {
        return new ContactDirectory.Filter(q, lifecycleStage, ownerId, tag, companyId, source, customFields);
    }

    /** As query parameters of the contact list, {@code cf.<key>} included. */
    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "q", q);
        put(parameters, "lifecycleStage", lifecycleStage);
        put(parameters, "ownerId", ownerId);
        put(parameters, "tag", tag);
        put(parameters, "companyId", companyId);
        put(parameters, "source", source);
        customFields.forEach((key, value) -> put(parameters, CustomFields.PREFIX + key, value));
        put(parameters, "sort", sort);
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (value != null) {
            parameters.put(name, value);
        }
    }
}

package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * A JSON merge patch (RFC 7396) of a deal's editable fields. Only known fields are accepted, so keys such as
 * {@code $set} or {@code a.b} never reach the store; the stage changes only through move/win/lose/reopen.
 */
final class DealPatch {

    private static final Set<String> TEXT = Set.of("title", "currency", "ownerId", "teamId", "companyId", "source");
    private static final String CLEAR_CUSTOM = "customFields:clear";
    private static final Set<String> STAGE_FIELDS = Set.of("stageId", "status", "pipelineId", "lostReason");

    private final Map<String, Object> values;

    private DealPatch(Map<String, Object> values) {
        this.values = values;
    }

    static DealPatch parse(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        Map<String, Object> values = new HashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (var entry : patch.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            if (TEXT.contains(field)) {
                if (value.isNull() || value.isString()) {
                    values.put(field, value.isNull() ? null : value.asString());
                } else {
                    problems.add(new FieldProblem(field, "must be a string or null"));
                }
            } else if (field.equals("amount")) {
                if (value.isNull() || value.isNumber()) {
                    values.put(field, value.isNull() ? null : value.decimalValue());
                } else {
                    problems.add(new FieldProblem(field, "must be a number or null"));
                }
            } else if (field.equals("expectedCloseDate")) {
                if (value.isNull()) {
                    values.put(field, null);
                } else if (value.isString()) {
                    try {
                        values.put(field, LocalDate.parse(value.asString()));
                    } catch (DateTimeParseException e) {
                        problems.add(new FieldProblem(field, "must be a date such as 2026-12-31"));
                    }
                } else {
                    problems.add(new FieldProblem(field, "must be a date string or null"));
                }
            } else if (field.equals("customFields")) {
                customFields(value, values, problems);
            } else if (field.equals("contacts")) {
                values.put(field, contacts(value, problems));
            } else if (STAGE_FIELDS.contains(field)) {
                problems.add(new FieldProblem(field, "changes only through /move, /win, /lose or /reopen"));
            } else {
                problems.add(new FieldProblem(field, "is not a deal field"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The patch has invalid fields", problems);
        }
        return new DealPatch(values);
    }

    /** Merge-patches the custom fields too: keys present are set (null removes), absent keys are kept; null clears all. */
    private static void customFields(JsonNode value, Map<String, Object> values, List<FieldProblem> problems) {
        if (value.isNull()) {
            values.put(CLEAR_CUSTOM, Boolean.TRUE);
            return;
        }
        if (!value.isObject()) {
            problems.add(new FieldProblem("customFields", "must be an object or null"));
            return;
        }
        Map<String, Object> changes = new HashMap<>();
        for (var entry : value.properties()) {
            JsonNode v = entry.getValue();
            String field = "customFields." + entry.getKey();
            if (v.isNull()) {
                changes.put(entry.getKey(), null);
            } else if (v.isString()) {
                changes.put(entry.getKey(), v.asString());
            } else if (v.isBoolean()) {
                changes.put(entry.getKey(), v.asBoolean());
            } else if (v.isNumber()) {
                changes.put(entry.getKey(), v.decimalValue());
            } else {
                problems.add(new FieldProblem(field, "must be a string, number, boolean or null"));
            }
        }
        values.put("customFields", changes);
    }

    private static List<DealContact> contacts(JsonNode value, List<FieldProblem> problems) {
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problems.add(new FieldProblem("contacts", "must be an array of {contactId, role}"));
            return List.of();
        }
        List<DealContact> contacts = new ArrayList<>();
        int i = 0;
        for (JsonNode item : value) {
            String at = "contacts[" + i++ + "]";
            if (!item.isObject()) {
                problems.add(new FieldProblem(at, "must be an object {contactId, role}"));
                continue;
            }
            for (String key : item.propertyNames()) {
                if (!key.equals("contactId") && !key.equals("role")) {
                    problems.add(new FieldProblem(at + "." + key, "is not a contact entry field"));
                }
            }
            JsonNode id = item.path("contactId");
            JsonNode role = item.path("role");
            if (!id.isMissingNode() && !id.isNull() && !id.isString()) {
                problems.add(new FieldProblem(at + ".contactId", "must be a string"));
            }
            if (!role.isMissingNode() && !role.isNull() && !role.isString()) {
                problems.add(new FieldProblem(at + ".role", "must be a string"));
            }
            contacts.add(new DealContact(id.isString() ? id.asString() : null, role.isString() ? role.asString() : null));
        }
        return contacts;
    }

    @SuppressWarnings("unchecked")
    DealDetails applyTo(DealDetails current) {
        return new DealDetails(
                (String) valueOr("title", current.title()),
                (BigDecimal) valueOr("amount", current.amount()),
                (String) valueOr("currency", current.currency()),
                (String) valueOr("ownerId", current.ownerId()),
                (String) valueOr("teamId", current.teamId()),
                (String) valueOr("companyId", current.companyId()),
                (List<DealContact>) valueOr("contacts", current.contacts()),
                (LocalDate) valueOr("expectedCloseDate", current.expectedCloseDate()),
                (String) valueOr("source", current.source()),
                customFields(current.customFields()));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> customFields(Map<String, Object> current) {
        Map<String, Object> merged = new HashMap<>(values.containsKey(CLEAR_CUSTOM) ? Map.of() : current);
        Map<String, Object> changes = (Map<String, Object>) values.getOrDefault("customFields", Map.of());
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private Object valueOr(String field, Object current) {
        return values.containsKey(field) ? values.get(field) : current;
    }
}

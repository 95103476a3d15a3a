package io.pulsecrm.contacts.contacts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.pulsecrm.contacts.customfields.CustomFields;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.JsonProblems;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON merge patch (RFC 7396) of a contact's editable fields. Only known top-level fields are accepted, so a
 * key such as {@code $set} or {@code a.b} can never reach the store as an operator or a path. Present fields
 * replace the current value (null clears; lists and nested objects are replaced whole), absent ones are kept.
 */
final class ContactPatch {

    private static final Set<String> FIELDS = Arrays.stream(ContactRequest.class.getRecordComponents())
            .map(component -> component.getName()).collect(Collectors.toUnmodifiableSet());

    private final ObjectNode patch;

    private ContactPatch(ObjectNode patch) {
        this.patch = patch;
    }

    static ContactPatch parse(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (var entry : patch.properties()) {
            if (!FIELDS.contains(entry.getKey())) {
                problems.add(new FieldProblem(entry.getKey(), "is not a contact field"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The patch has invalid fields", problems);
        }
        return new ContactPatch((ObjectNode) patch);
    }

    /** The details after the patch, not yet normalised; values of the wrong JSON type are refused per field. */
    ContactDetails applyTo(ContactDetails current, JsonMapper json) {
        ObjectNode merged = json.valueToTree(ContactRequest.of(current));
        for (var entry : patch.properties()) {
            if ("customFields".equals(entry.getKey())) {
                // RFC 7396 merges nested objects: keys present are set, null removes, absent are kept
                merged.set(entry.getKey(), CustomFields.mergePatch(merged.get(entry.getKey()), entry.getValue()));
            } else {
                merged.set(entry.getKey(), entry.getValue());
            }
        }
        try {
            return json.treeToValue(merged, ContactRequest.class).toDetails();
        } catch (JacksonException e) {
            throw new InvalidRequestException("The patch has invalid fields", List.of(JsonProblems.describe(e).fieldProblem()));
        }
    }
}

package io.pulsecrm.contacts.bulk;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.pulsecrm.contacts.contacts.ContactNormalizer;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.TextFields;

/**
 * One change applied to many contacts ({@code POST /api/contacts/bulk}): give them to {@code ownerId}, add
 * {@code addTags}, or both. Each item names the version its sender read, as an If-Match would.
 *
 * @param items   the contacts, each with the version read (1 to {@value #MAX_ITEMS}, no id twice)
 * @param ownerId the new owner, or null to keep each owner
 * @param addTags tags to add to each contact's own, or null/empty for none
 */
public record BulkChange(List<Item> items, String ownerId, List<String> addTags) {

    public static final int MAX_ITEMS = 200;
    private static final int MAX_TAGS = 20;

    public record Item(String id, Long version) {
    }

    /** The request checked as a whole (400 naming every bad field) before any contact is touched. */
    public BulkChange validated() {
        List<FieldProblem> problems = new ArrayList<>();
        if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
            problems.add(new FieldProblem("items", "must have 1 to " + MAX_ITEMS + " entries"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                if (item == null || item.id() == null || item.id().isBlank()) {
                    problems.add(new FieldProblem("items[" + i + "].id", "is required"));
                } else if (!seen.add(item.id())) {
                    problems.add(new FieldProblem("items[" + i + "].id", "names a contact already in the list"));
                }
                if (item != null && (item.version() == null || item.version() < 0)) {
                    problems.add(new FieldProblem("items[" + i + "].version", "is required: the version you read (as for If-Match)"));
                }
            }
        }
        String owner = ownerId == null ? null : TextFields.clean(ownerId, "ownerId", 100, true, problems);
        List<String> tags = new ArrayList<>();
        if (addTags != null) {
            if (addTags.size() > MAX_TAGS) {
                problems.add(new FieldProblem("addTags", "must have at most " + MAX_TAGS + " entries"));
            }
            Set<String> unique = new LinkedHashSet<>();
            for (int i = 0; i < addTags.size(); i++) {
                String tag = TextFields.clean(addTags.get(i), "addTags[" + i + "]", ContactNormalizer.MAX_TAG, true, problems);
                if (tag != null) {
                    unique.add(tag.toLowerCase(Locale.ROOT));
                }
            }
            tags.addAll(unique);
        }
        if (ownerId == null && tags.isEmpty() && problems.isEmpty()) {
            problems.add(new FieldProblem("ownerId", "or addTags is required: say what to change"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The bulk change has invalid fields", problems);
        }
        return new BulkChange(List.copyOf(items), owner, List.copyOf(tags));
    }
}

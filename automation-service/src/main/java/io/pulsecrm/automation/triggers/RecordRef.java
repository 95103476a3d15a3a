package io.pulsecrm.automation.triggers;

import tools.jackson.databind.JsonNode;

/**
 * The record a trigger event is about, whose owning service actions and {@code record.*} conditions talk to:
 * the contact, company, deal or task itself; for a logged activity, its contact (else its company).
 *
 * @param type    contact, company, deal or task
 * @param ownerId the record's owner as the event tells it (a task's assignee), null when it does not
 */
public record RecordRef(String type, String id, String ownerId) {

    public static RecordRef of(TriggerEvent event) {
        JsonNode data = event.data();
        String aggregate = event.aggregate();
        return switch (aggregate) {
            case "activity" -> {
                JsonNode activity = data.path("activity");
                String contactId = text(activity.path("contactId"));
                String companyId = text(activity.path("companyId"));
                yield contactId != null ? new RecordRef("contact", contactId, null)
                        : companyId != null ? new RecordRef("company", companyId, null) : null;
            }
            case "contact", "company", "deal", "task" -> {
                JsonNode snapshot = data.path(aggregate);
                String id = first(text(snapshot.path("id")), text(data.path(aggregate + "Id")),
                        text(data.path("survivorId")), event.subject());
                yield new RecordRef(aggregate, id, ownerOf(aggregate, snapshot));
            }
            default -> null;
        };
    }

    /** The owner of a record as its JSON (event snapshot or API representation) shows it. */
    public static String ownerOf(String recordType, JsonNode record) {
        if (record == null) {
            return null;
        }
        return text(record.path("task".equals(recordType) ? "assigneeId" : "ownerId"));
    }

    public RecordRef withOwner(String owner) {
        return new RecordRef(type, id, owner);
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    static String text(JsonNode node) {
        return node != null && node.isString() && !node.stringValue().isBlank() ? node.stringValue() : null;
    }
}

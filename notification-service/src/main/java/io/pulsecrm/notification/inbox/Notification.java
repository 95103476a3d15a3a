package io.pulsecrm.notification.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One notification in a user's inbox. Created once per (source event, recipient, type): the id is derived from
 * those, so a redelivered event, or a replica taking over a crashed one's claim, can never add a second one.
 * Reading and archiving are idempotent state changes on the document; notifications publish no events.
 *
 * @param type        what it is about: {@code task_assigned}, {@code task_reminder}, {@code task_overdue},
 *                    {@code task_overdue_report} (to the manager), {@code deal_won}, {@code deal_lost}
 * @param subjectType {@code task} or {@code deal}
 * @param data        a few facts from the event for clients to render (due time, amount, ...)
 */
@Document(Notification.COLLECTION)
public record Notification(
        @Id String id,
        String userId,
        String type,
        String title,
        String body,
        String subjectType,
        String subjectId,
        Map<String, Object> data,
        String sourceEventId,
        String sourceEventType,
        Instant createdAt,
        Instant readAt,
        Instant archivedAt) {

    public static final String COLLECTION = "notifications";

    /** The deterministic id of the notification of this type for this recipient caused by this event. */
    public static String idFor(String eventId, String userId, String type) {
        return UUID.nameUUIDFromBytes((eventId + "|" + userId + "|" + type).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public boolean isRead() {
        return readAt != null;
    }

    public boolean isArchived() {
        return archivedAt != null;
    }
}

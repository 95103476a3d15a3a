package io.pulsecrm.notification.inbox;

import java.time.Instant;
import java.util.Map;

/** A notification as the API shows it. */
public record NotificationResponse(String id, String userId, String type, String title, String body,
                                   String subjectType, String subjectId, Map<String, Object> data,
                                   String sourceEventId, String sourceEventType, boolean read, boolean archived,
                                   Instant createdAt, Instant readAt, Instant archivedAt) {

    public static NotificationResponse of(Notification n) {
        return new NotificationResponse(n.id(), n.userId(), n.type(), n.title(), n.body(), n.subjectType(),
                n.subjectId(), n.data() == null ? Map.of() : n.data(), n.sourceEventId(), n.sourceEventType(),
                n.isRead(), n.isArchived(), n.createdAt(), n.readAt(), n.archivedAt());
    }
}

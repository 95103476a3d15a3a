package io.pulsecrm.notification.inbox;

import java.util.Map;

/** What a trigger rule wants to tell one user; the inbox turns it into a {@link Notification}. */
public record NotificationDraft(String userId, String type, String title, String body, String subjectType,
                                String subjectId, Map<String, Object> data) {
}

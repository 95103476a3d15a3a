package io.pulsecrm.notification.webhooks;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A partner's subscription: events whose type matches one of {@code eventTypes} (exact, {@code pulse.task.*}
 * style prefix wildcards, or {@code *}) and, if set, whose subject equals {@code subject} are POSTed to
 * {@code targetUrl}, signed with {@code secret} (Standard Webhooks). Only events that happened after the
 * subscription was created are delivered. A 410 Gone answer deactivates it ({@code disabledReason}).
 */
@Document(WebhookSubscription.COLLECTION)
public record WebhookSubscription(
        @Id String id,
        String targetUrl,
        List<String> eventTypes,
        String subject,
        String description,
        String secret,
        boolean active,
        String disabledReason,
        Instant disabledAt,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant deletedAt) {

    public static final String COLLECTION = "webhook_subscriptions";

    /** Would an event of this type and subject, happening at {@code time}, go to this subscription? */
    public boolean wants(String type, String eventSubject, Instant time) {
        return active && deletedAt == null && !time.isBefore(createdAt)
                && (subject == null || subject.equals(eventSubject))
                && eventTypes.stream().anyMatch(pattern -> EventTypeFilter.matches(pattern, type));
    }
}

package io.pulsecrm.notification.webhooks;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A partner's subscription: events whose type matches one of {@code eventTypes} (exact, {@code pulse.task.*}
 * style prefix wildcards, or {@code *}) and, if set, whose subject equals {@code subject} are POSTed to
 * {@code targetUrl}, signed with {@code secret} (Standard Webhooks). Only events that happened after the
 * subscription was created are delivered. A 410 Gone answer deactivates it ({@code disabledReason}); too many
 * consecutive failed attempts pause it ({@code pausedAt}, deliveries wait). After a secret rotation the previous
 * secret also signs until {@code previousSecretUntil}. {@code ownerId} (optional, a user in the directory) is told
 * in-app when it is paused.
 * <p>
 * A subscription belongs to whoever created it, {@code createdBy}: a user id (admins) or {@code client:<id>} (a
 * partner application, which sees and manages only its own). {@code updatedBy} names who changed it last.
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
        Instant deletedAt,
        String ownerId,
        String previousSecret,
        Instant previousSecretUntil,
        int consecutiveFailures,
        Instant pausedAt,
        String createdBy,
        String updatedBy) {

    public static final String COLLECTION = "webhook_subscriptions";

    /** Paused after too many consecutive failed attempts: events are still queued, but nothing is sent. */
    public boolean paused() {
        return pausedAt != null && deletedAt == null;
    }

    /** {@code active}, {@code paused} (deliveries wait) or {@code disabled} (deliveries are cancelled). */
    public String status() {
        return active ? "active" : paused() ? "paused" : "disabled";
    }

    /** The secret(s) deliveries are signed with at {@code now}: the current one, and during the overlap the previous. */
    public java.util.List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil)
                ? java.util.List.of(secret, previousSecret) : java.util.List.of(secret);
    }

    /** Would an event of this type and subject, happening at {@code time}, go to this subscription? */
    public boolean wants(String type, String eventSubject, Instant time) {
        return (active || paused()) && deletedAt == null && !time.isBefore(createdAt)
                && (subject == null || subject.equals(eventSubject))
                && eventTypes.stream().anyMatch(pattern -> EventTypeFilter.matches(pattern, type));
    }
}

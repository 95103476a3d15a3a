package io.pulsecrm.notification.webhooks;

import java.time.Instant;
import java.util.List;

/** A subscription as the API shows it; the secret only in the response to its creation (and to a rotation). */
public record WebhookResponse(String id, String targetUrl, List<String> eventTypes, String subject,
                              String description, boolean active, String status, String disabledReason,
                              Instant disabledAt, Instant pausedAt, int consecutiveFailures, String ownerId,
                              Instant previousSecretUntil, String secret, long version, Instant createdAt,
                              Instant updatedAt, String createdBy, String updatedBy) {

    static WebhookResponse of(WebhookSubscription s, boolean withSecret) {
        return new WebhookResponse(s.id(), s.targetUrl(), s.eventTypes(), s.subject(), s.description(), s.active(),
                s.status(), s.disabledReason(), s.disabledAt(), s.pausedAt(), s.consecutiveFailures(), s.ownerId(),
                s.previousSecretUntil(), withSecret ? s.secret() : null, s.version(), s.createdAt(), s.updatedAt(),
                s.createdBy(), s.updatedBy());
    }
}

package io.pulsecrm.notification.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One event to one subscription, with every attempt made. The id is derived from (subscription, event), so an
 * event redelivered by Kafka never makes a second delivery; it is also the {@code webhook-id} the receiver sees
 * (the same on every attempt, so receivers can dedupe). Due deliveries ({@code status = pending},
 * {@code nextAttemptAt} passed, {@code leaseUntil} passed) are claimed one by one by the delivery job.
 *
 * @param status {@code pending}, {@code delivered}, {@code failed} (gave up or refused), {@code cancelled}
 *               (the subscription was deactivated or deleted before it went out)
 */
@Document(WebhookDelivery.COLLECTION)
public record WebhookDelivery(
        @Id String id,
        String subscriptionId,
        String eventId,
        String eventType,
        String subject,
        String payload,
        String status,
        int attemptCount,
        List<Attempt> attempts,
        Instant nextAttemptAt,
        Instant leaseUntil,
        Instant createdAt,
        Instant deliveredAt,
        String lastError) {

    public static final String COLLECTION = "webhook_deliveries";
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /**
     * @param statusCode the receiver's HTTP status, null if there was no answer
     * @param latencyMs  time from sending to the answer (or the failure)
     * @param error      why it failed, if it did
     * @param nextAttemptAt when the next attempt is due (null if none follows)
     */
    public record Attempt(int number, Instant at, Integer statusCode, long latencyMs, String error,
                          Instant nextAttemptAt) {
    }

    static String idFor(String subscriptionId, String eventId) {
        return UUID.nameUUIDFromBytes((subscriptionId + "|" + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

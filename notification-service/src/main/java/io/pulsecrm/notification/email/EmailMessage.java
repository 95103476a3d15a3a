package io.pulsecrm.notification.email;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One email to send, rendered when it was queued. The id is derived from the source event, recipient and
 * notification type, so a redelivered event never queues it twice; the email job sends pending ones with retries.
 *
 * @param status {@code pending}, {@code sent} or {@code failed}
 */
@Document(EmailMessage.COLLECTION)
public record EmailMessage(@Id String id, String userId, String to, String type, String subject, String body,
                           String sourceEventId, String status, int attempts, String lastError,
                           Instant nextAttemptAt, Instant leaseUntil, Instant createdAt, Instant sentAt) {

    public static final String COLLECTION = "email_messages";
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
}

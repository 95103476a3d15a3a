package io.pulsecrm.notification.email;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One email to send, rendered when it was queued. The id is derived from the source event, recipient and
 * notification type (a digest's from the digest), so a redelivered event never queues it twice; the email job sends
 * pending ones with retries.
 *
 * @param type           the notification type, or {@link #DIGEST} for a daily digest
 * @param status         {@code pending}, {@code sent}, {@code failed} (retries used up, or refused permanently),
 *                       {@code suppressed} (the address bounced) or {@code cancelled} (the user turned this email
 *                       off, or has no address any more, before it went out)
 * @param nextAttemptAt  when it is due; during the recipient's quiet hours, when they end
 * @param heldUntil      set while it is held for the recipient's quiet hours
 * @param unsubscribeUrl the one-click unsubscribe link of this email (type, recipient, signed)
 * @param smtpCode       the SMTP reply code of the last failed attempt, if the server gave one
 */
@Document(EmailMessage.COLLECTION)
public record EmailMessage(@Id String id, String userId, String to, String type, String subject, String body,
                           String sourceEventId, String status, int attempts, String lastError,
                           Instant nextAttemptAt, Instant leaseUntil, Instant createdAt, Instant sentAt,
                           Instant heldUntil, String unsubscribeUrl, Integer smtpCode) {

    public static final String COLLECTION = "email_messages";
    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String SUPPRESSED = "suppressed";
    public static final String CANCELLED = "cancelled";
    public static final String DIGEST = "digest";

    public boolean isDigest() {
        return DIGEST.equals(type);
    }
}

package io.pulsecrm.notification.preferences;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An email address the mail server refused permanently (SMTP 5xx for the recipient, such as 550 "no such user").
 * No email goes to it any more until the user gives another address or clears the bounce (they fixed their
 * mailbox). One per address (lower case), whoever it belongs to.
 *
 * @param userId the user whose email bounced (the last one, if several share the address)
 * @param code   the SMTP reply code
 * @param reason the server's reply text
 */
@Document(AddressBounce.COLLECTION)
public record AddressBounce(@Id String address, String userId, int code, String reason, Instant bouncedAt,
                            String emailId) {

    public static final String COLLECTION = "email_bounces";
}

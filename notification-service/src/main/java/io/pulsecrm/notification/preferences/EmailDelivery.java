package io.pulsecrm.notification.preferences;

/** How a notification of one type reaches a user by email. */
public enum EmailDelivery {
    /** No email (the type's channels leave email out, or the user has no address). */
    OFF,
    /** One email per notification (held during quiet hours). */
    IMMEDIATE,
    /** Collected into the user's daily digest. */
    DIGEST
}

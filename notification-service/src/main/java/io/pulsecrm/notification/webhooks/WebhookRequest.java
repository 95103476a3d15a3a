package io.pulsecrm.notification.webhooks;

import java.util.List;

/**
 * Body of POST (all of it) and PATCH (only what is given changes; {@code subject: ""} clears the subject filter)
 * of {@code /api/webhooks}. {@code secret} is optional: one is generated if not given. {@code ownerId} (optional) is
 * the user told in-app when the subscription is paused: a member of the users directory; it defaults to the admin
 * creating the subscription (applications create them without one).
 */
public record WebhookRequest(String targetUrl, List<String> eventTypes, String subject, String description,
                             String secret, Boolean active, String ownerId) {
}

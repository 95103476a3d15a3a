package io.pulsecrm.notification.preferences;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A user's own notification settings: their email address (if it is not the one in the users directory), per
 * notification type the channels they want (types not listed use the configured defaults), their time zone (null:
 * the configured default), quiet hours and daily digest (null: none).
 */
@Document(UserPreferences.COLLECTION)
public record UserPreferences(@Id String userId, String email, Map<String, List<String>> channels, String timeZone,
                              QuietHours quietHours, DailyDigest digest, Instant updatedAt) {

    public static final String COLLECTION = "user_preferences";
}

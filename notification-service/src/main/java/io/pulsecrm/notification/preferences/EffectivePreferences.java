package io.pulsecrm.notification.preferences;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What applies to a user: their address (own setting, else the users directory's), the channels of every type (own
 * setting, else the default), their time zone, quiet hours and daily digest, and whether their address bounced.
 *
 * @param timeZone    IANA zone id the quiet hours and the digest time are read in
 * @param quietHours  null: none
 * @param digest      null: every email is sent on its own
 * @param emailStatus {@code ok}, {@code bouncing} (the address bounced: no email goes to it) or {@code none} (no address)
 * @param bounce      the bounce of the current address, if it bounced
 */
public record EffectivePreferences(String userId, String email, Map<String, List<String>> channels,
                                   List<String> defaultChannels, String timeZone, QuietHours quietHours,
                                   DailyDigest digest, String emailStatus, AddressBounce bounce) {

    public static final String OK = "ok";
    public static final String BOUNCING = "bouncing";
    public static final String NO_ADDRESS = "none";

    public List<String> channelsFor(String type) {
        return channels.getOrDefault(type, defaultChannels);
    }

    public boolean wants(String type, String channel) {
        return channelsFor(type).contains(channel);
    }

    /** Whether and how a notification of this type is emailed. */
    public EmailDelivery emailDelivery(String type) {
        if (email == null || !wants(type, Channel.EMAIL)) {
            return EmailDelivery.OFF;
        }
        return digest != null && digest.covers(type) ? EmailDelivery.DIGEST : EmailDelivery.IMMEDIATE;
    }

    @JsonIgnore
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    @JsonIgnore
    public boolean isBouncing() {
        return bounce != null;
    }
}

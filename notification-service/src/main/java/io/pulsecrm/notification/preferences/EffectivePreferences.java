package io.pulsecrm.notification.preferences;

import java.util.List;
import java.util.Map;

/**
 * What applies to a user: their address (own setting, else the users directory's) and the channels of every
 * type (own setting, else the default).
 */
public record EffectivePreferences(String userId, String email, Map<String, List<String>> channels,
                                   List<String> defaultChannels) {

    public List<String> channelsFor(String type) {
        return channels.getOrDefault(type, defaultChannels);
    }

    public boolean wants(String type, String channel) {
        return channelsFor(type).contains(channel);
    }
}

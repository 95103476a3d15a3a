package io.pulsecrm.notification.preferences;

/** Published (in-process) when a user's preferences changed, so held emails are looked at again at once. */
public record PreferencesChanged(String userId) {
}

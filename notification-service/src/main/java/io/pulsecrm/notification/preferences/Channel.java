package io.pulsecrm.notification.preferences;

/** Ways a notification reaches a user. */
public final class Channel {

    public static final String IN_APP = "in_app";
    public static final String EMAIL = "email";

    private Channel() {
    }

    static boolean isKnown(String channel) {
        return IN_APP.equals(channel) || EMAIL.equals(channel);
    }
}

package io.pulsecrm.notification.webhooks;

import java.util.regex.Pattern;

/** Event type filters: an exact type, a prefix wildcard ({@code pulse.task.*}, {@code pulse.*}) or {@code *}. */
public final class EventTypeFilter {

    private static final Pattern VALID = Pattern.compile("^\\*$|^[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?$");

    private EventTypeFilter() {
    }

    public static boolean isValid(String pattern) {
        return pattern != null && pattern.length() <= 200 && VALID.matcher(pattern).matches();
    }

    public static boolean matches(String pattern, String type) {
        if ("*".equals(pattern)) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }
}

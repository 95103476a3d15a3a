package io.pulsecrm.tasks.tasks;

import java.util.Locale;

public enum TaskPriority {
    LOW, NORMAL, HIGH, URGENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskPriority parse(String value) {
        for (TaskPriority priority : values()) {
            if (priority.wire().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return priority;
            }
        }
        return null;
    }
}

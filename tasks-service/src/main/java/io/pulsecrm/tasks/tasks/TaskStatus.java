package io.pulsecrm.tasks.tasks;

import java.util.Locale;

public enum TaskStatus {
    OPEN, DONE, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TaskStatus parse(String value) {
        for (TaskStatus status : values()) {
            if (status.wire().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return status;
            }
        }
        return null;
    }
}

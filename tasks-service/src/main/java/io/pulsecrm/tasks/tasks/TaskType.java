package io.pulsecrm.tasks.tasks;

import java.util.Arrays;
import java.util.Locale;

/** Kinds of activity. The wire value is the lower-case name ({@code todo} also accepted as {@code to-do}). */
public enum TaskType {
    CALL, MEETING, EMAIL, TODO, DEADLINE;

    /** Meetings and deadlines happen at a time: they cannot be created without one. */
    public boolean needsDueTime() {
        return this == MEETING || this == DEADLINE;
    }

    /** Only meetings last a while ({@code durationMinutes}). */
    public boolean hasDuration() {
        return this == MEETING;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskType parse(String value) {
        String normalized = value.strip().toLowerCase(Locale.ROOT).replace("-", "");
        return Arrays.stream(values()).filter(type -> type.wire().equals(normalized)).findFirst().orElse(null);
    }
}

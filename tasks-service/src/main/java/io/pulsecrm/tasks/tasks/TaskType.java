package io.pulsecrm.tasks.tasks;

import java.util.Arrays;
import java.util.Locale;

/** Kinds of activity. The wire value is the lower-case name ({@code todo} also accepted as {@code to-do}). */
public enum TaskType {
    CALL, MEETING, EMAIL, TODO, DEADLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskType parse(String value) {
        String normalized = value.strip().toLowerCase(Locale.ROOT).replace("-", "");
        return Arrays.stream(values()).filter(type -> type.wire().equals(normalized)).findFirst().orElse(null);
    }
}

package io.pulsecrm.platform.history;

/** One field a change touched, with its value before and after (null when absent); nested fields are dotted. */
public record FieldChange(String field, Object from, Object to) {
}

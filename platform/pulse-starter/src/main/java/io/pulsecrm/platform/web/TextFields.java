package io.pulsecrm.platform.web;

import java.util.List;

import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;

/**
 * The one rule for free-text fields in requests: trimmed, blank means absent, bounded in length, and free of
 * control characters (which break CSV exports, logs and other systems downstream). Problems are collected,
 * so a request learns about all its bad fields at once.
 */
public final class TextFields {

    private TextFields() {
    }

    /** A single-line value: no control characters at all. */
    public static String clean(String value, String field, int max, boolean required, List<FieldProblem> problems) {
        return clean(value, field, max, required, false, problems);
    }

    /** @param multiline allows line breaks and tabs (descriptions, notes) */
    public static String clean(String value, String field, int max, boolean required, boolean multiline,
                               List<FieldProblem> problems) {
        String trimmed = value == null ? null : value.strip();
        if (trimmed == null || trimmed.isEmpty()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        if (trimmed.length() > max) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters"));
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\r' || c == '\t')))) {
            problems.add(new FieldProblem(field, "must not contain control characters"));
        }
        return trimmed;
    }
}

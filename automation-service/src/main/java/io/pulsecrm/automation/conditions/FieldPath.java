package io.pulsecrm.automation.conditions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A dotted path into JSON, {@code deal.stage.name} or {@code deal.contacts[0].contactId}. Only identifiers and
 * indexes: a path never carries an operator or a Mongo path of the caller's making.
 */
public record FieldPath(String text, List<Object> segments) {

    private static final Pattern SYNTAX = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(\\[\\d{1,4}])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[\\d{1,4}])?)*");
    public static final int MAX_LENGTH = 200;

    public static boolean isValid(String text) {
        return text != null && text.length() <= MAX_LENGTH && SYNTAX.matcher(text).matches();
    }

    /** @throws IllegalArgumentException when the text is not a path ({@link #isValid}) */
    public static FieldPath parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a field path: " + text);
        }
        List<Object> segments = new ArrayList<>();
        for (String part : text.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                segments.add(part);
            } else {
                segments.add(part.substring(0, bracket));
                segments.add(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        return new FieldPath(text, List.copyOf(segments));
    }

    /** The first segment: the root a condition or template reads from ({@code record}, {@code event}, data). */
    public String root() {
        return (String) segments.getFirst();
    }

    /** This path without its first segment, or null when it has only one. */
    public FieldPath rest() {
        int dot = text.indexOf('.');
        return dot < 0 ? null : parse(text.substring(dot + 1));
    }

    /** The value at this path, {@link MissingNode} when any part is absent. */
    public JsonNode resolve(JsonNode root) {
        JsonNode node = root == null ? MissingNode.getInstance() : root;
        for (Object segment : segments) {
            node = segment instanceof Integer index ? node.path(index) : node.path((String) segment);
            if (node.isMissingNode()) {
                return node;
            }
        }
        return node;
    }

    @Override
    public String toString() {
        return text;
    }
}

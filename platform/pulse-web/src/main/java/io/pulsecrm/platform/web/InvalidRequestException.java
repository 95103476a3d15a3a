package io.pulsecrm.platform.web;

import java.util.List;

/** A request that breaks a domain rule: answered as 400 with the fields at fault. */
public class InvalidRequestException extends RuntimeException {

    /** One field at fault and why. */
    public record FieldProblem(String field, String message) {
    }

    private final List<FieldProblem> fieldErrors;

    public InvalidRequestException(String message, List<FieldProblem> fieldErrors) {
        super(message);
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** The most of a sent value a problem repeats: enough to recognise it, never the whole of a huge one. */
    public static final int MAX_ECHOED_VALUE = 40;

    /**
     * A value the caller sent, as a message may repeat it: at most {@value #MAX_ECHOED_VALUE} characters, the rest
     * elided (a 100,000-character field must not come back in its own problem).
     */
    public static String echo(Object value) {
        String text = String.valueOf(value);
        return text.length() <= MAX_ECHOED_VALUE ? text : text.substring(0, MAX_ECHOED_VALUE) + "...";
    }

    public static InvalidRequestException field(String field, String message) {
        return new InvalidRequestException("The request has invalid fields", List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> fieldErrors() {
        return fieldErrors;
    }
}

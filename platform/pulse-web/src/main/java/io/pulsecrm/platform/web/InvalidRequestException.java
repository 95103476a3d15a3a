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

    public static InvalidRequestException field(String field, String message) {
        return new InvalidRequestException("The request has invalid fields", List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> fieldErrors() {
        return fieldErrors;
    }
}

package io.pulsecrm.platform.web;

import java.util.Collection;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says what is wrong with a JSON body in the caller's terms: field paths as the caller wrote them
 * ({@code contacts[0].role}) and JSON types ("a string", "an array"), never the server's class names or
 * the parser's settings, which the library's own messages are full of.
 */
public final class JsonProblems {

    private static final String UNKNOWN = "is not a known field";

    private JsonProblems() {
    }

    /** A problem with the field at {@code path} (empty for the body itself). */
    public record Described(String path, String message) {

        /** "Field 'a.b' must be ...", "The body must be ...", or "Unknown field 'x'" */
        public String sentence() {
            if (message.equals(UNKNOWN)) {
                return "Unknown field '" + path + "'";
            }
            return path.isEmpty() ? "The body " + message : "Field '" + path + "' " + message;
        }

        /** As a field problem of a 400, the body itself named {@code body}. */
        public InvalidRequestException.FieldProblem fieldProblem() {
            return new InvalidRequestException.FieldProblem(path.isEmpty() ? "body" : path, message);
        }
    }

    public static Described describe(JacksonException e) {
        String path = path(e);
        if (e instanceof UnrecognizedPropertyException) {
            return new Described(path, UNKNOWN);
        }
        if (e instanceof InvalidNullException) {
            return new Described(path, "must not be null");
        }
        if (e instanceof MismatchedInputException mismatch) {
            String expected = mismatch.getTargetType() == null ? "of a different type" : typeName(mismatch.getTargetType());
            String got = e instanceof InvalidFormatException invalid && invalid.getValue() != null
                    ? " (got " + InvalidRequestException.echo(invalid.getValue()) + ")" : "";
            return new Described(path, "must be " + expected + got);
        }
        if (e instanceof DatabindException) {
            return new Described(path, "has an invalid value");
        }
        if (e instanceof StreamConstraintsException) {
            return new Described("", "exceeds the size limits of a JSON request (nesting, number or text length)");
        }
        if (e instanceof InputCoercionException) {
            return new Described(path, "is a number out of range");
        }
        if (e instanceof StreamReadException read) {
            var location = read.getLocation();
            return new Described("", "is not valid JSON" + (location == null || location.getLineNr() < 0 ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
        }
        return new Described("", "could not be read as JSON");
    }

    /** A field path as callers write it, from a JSON pointer such as {@code /contacts/0/role}. */
    public static String path(JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer at = pointer; at != null && !at.matches(); at = at.tail()) {
            if (at.mayMatchElement()) {
                path.append('[').append(at.getMatchingIndex()).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(at.getMatchingProperty());
            }
        }
        return path.toString();
    }

    private static String path(JacksonException e) {
        if (e.getPath().isEmpty()) {
            return e.processor() instanceof tools.jackson.core.JsonParser parser
                    ? path(parser.streamReadContext().pathAsPointer()) : "";
        }
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The JSON type a Java type is read from. */
    static String typeName(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type) || type == Character.class
                || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.getPackageName().startsWith("java.time")) {
            return "a date or time string";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getPackageName().startsWith("java.")) {
            return "an object";
        }
        return "a different JSON type";
    }

}

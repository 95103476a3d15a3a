package io.pulsecrm.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Failures that are the client's doing although the framework reports them as plain exceptions: the security
 * firewall refusing a request (a NUL in a parameter name, a header value that is not text) and the container
 * failing to decode a parameter (not UTF-8). Known by name, so components without Spring Security work too.
 */
final class ClientErrors {

    private static final String FIREWALL_REJECTION = "org.springframework.security.web.firewall.RequestRejectedException";
    private static final String PARAMETER_DECODING = "org.apache.tomcat.util.http.InvalidParameterException";

    private ClientErrors() {
    }

    /** The 400 for a client-caused failure anywhere in {@code failure}'s causes, or null when it is not one. */
    static ProblemDetail problemFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getName();
            if (isA(cause, FIREWALL_REJECTION)) {
                return rejected();
            }
            if (name.equals(PARAMETER_DECODING)) {
                return Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                        "A query or form parameter is not valid UTF-8 text");
            }
        }
        return null;
    }

    /** What the firewall's rejections are answered with: they say nothing about the rule that refused them. */
    static ProblemDetail rejected() {
        return Problems.of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                "The request's path, parameters or headers contain characters that are not allowed");
    }

    /** A problem for an error status nothing more is known about; the detail never echoes internals. */
    static ProblemDetail forStatus(int status) {
        String detail = switch (status) {
            case 400 -> "The request is malformed (its path, parameters or headers could not be read)";
            case 404 -> "Nothing is found at this path";
            case 405 -> "This method is not allowed at this path";
            case 413 -> "The request is too large";
            case 414 -> "The request URI is too long";
            case 431 -> "The request's headers are too large";
            default -> status >= 500 ? "The server failed to handle this request; it has been logged"
                    : "The request was refused";
        };
        String slug = status >= 500 ? "internal" : status == 400 ? "malformed-request" : "http-" + status;
        return Problems.of(status, slug, status >= 500 ? "Internal error" : reason(status), detail);
    }

    static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    private static boolean isA(Throwable e, String className) {
        for (Class<?> type = e.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }
}

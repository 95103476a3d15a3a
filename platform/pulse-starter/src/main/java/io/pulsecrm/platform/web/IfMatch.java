package io.pulsecrm.platform.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Optimistic locking over HTTP: responses carry the aggregate version as an ETag, and changes must send it
 * back in {@code If-Match}, so a client never overwrites a change it has not seen.
 */
public final class IfMatch {

    private static final Pattern VERSION_TAG = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");

    private IfMatch() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /**
     * @throws PreconditionRequiredException when the header is missing
     * @throws InvalidRequestException       when it is not a version this API issued
     */
    public static long requiredVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException(
                    "Send If-Match with the ETag (version) you last read, so concurrent changes are not overwritten");
        }
        Matcher matcher = VERSION_TAG.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw new InvalidRequestException("If-Match must be the ETag returned by this API",
                    java.util.List.of(new InvalidRequestException.FieldProblem("If-Match", "is not a version ETag")));
        }
        return Long.parseLong(matcher.group(1));
    }

    /** 428: the change must say which version it applies to. */
    public static class PreconditionRequiredException extends RuntimeException {
        public PreconditionRequiredException(String message) {
            super(message);
        }
    }
}

package io.pulsecrm.gateway.requestid;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request and correlation id headers, and the rule for which incoming values the gateway trusts.
 * Ids end up in logs, downstream headers and Kafka events, so anything long or outside a small safe
 * alphabet (header/log injection, unbounded cardinality) is replaced by a fresh UUID.
 */
public final class RequestIds {

    /** Identifies one HTTP request; generated at the edge when the client did not send a usable one. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Identifies a whole business flow across requests and events; defaults to the request id. */
    public static final String CORRELATION_ID_HEADER = "X-Correlation-Id";

    /** Exchange attribute holding the effective request id, for handlers that answer themselves. */
    public static final String REQUEST_ID_ATTRIBUTE = RequestIds.class.getName() + ".requestId";

    static final int MAX_LENGTH = 128;

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:+=@\\-]{1," + MAX_LENGTH + "}");

    private RequestIds() {
    }

    /** Whether a client-supplied id is safe to pass on unchanged. */
    public static boolean isValid(String candidate) {
        return candidate != null && SAFE.matcher(candidate).matches();
    }

    /** The candidate if it is valid, otherwise a new random id. */
    public static String validOrNew(String candidate) {
        return isValid(candidate) ? candidate : newId();
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }
}

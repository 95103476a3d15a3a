package io.pulsecrm.automation.calls;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** A response of a called service or webhook: status, ETag and the JSON body (missing when none or not JSON). */
public record Reply(int status, String etag, JsonNode body, boolean replayed) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public Reply withStatus(int newStatus) {
        return new Reply(newStatus, etag, body, replayed);
    }

    /** The version an ETag {@code "3"} names, or -1. */
    public long version() {
        if (etag == null) {
            return -1;
        }
        String digits = etag.replace("W/", "").replace("\"", "").strip();
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What went wrong, from a problem+json body if there is one. */
    public String problem() {
        JsonNode detail = body == null ? MissingNode.getInstance() : body.path("detail");
        String text = "HTTP " + status + (detail.isString() ? ": " + detail.stringValue() : "");
        JsonNode errors = body == null ? MissingNode.getInstance() : body.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            text += " " + errors;
        }
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }
}

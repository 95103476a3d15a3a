package io.pulsecrm.bench.api;

/** The contacts resource as the gateway exposes it. */
final class ContactsApi {

    static final String CONTACTS = "/api/contacts";
    static final int CREATED = 201;
    static final int OK = 200;
    /** Enough of an unexpected answer to recognise it (a problem+json title, an HTML error page). */
    static final int BODY_EXCERPT = 160;

    private ContactsApi() {
    }

    static String contact(String id) {
        return CONTACTS + "/" + id;
    }

    static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() > BODY_EXCERPT ? flat.substring(0, BODY_EXCERPT) + "..." : flat;
    }
}

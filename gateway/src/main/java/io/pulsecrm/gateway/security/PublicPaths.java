package io.pulsecrm.gateway.security;

/**
 * What the gateway lets through without a token. Everything else under {@code /api/**} needs a valid bearer
 * token; the services check roles and scopes per operation themselves (and validate the token again).
 */
final class PublicPaths {

    /** Actuator endpoints Kubernetes probes and Prometheus scrape without a token; the others are for admins. */
    static final String[] ACTUATOR_ENDPOINTS = { "health", "info", "prometheus" };

    /** The API description and Swagger UI (springdoc's default paths); the documents hold no data. */
    static final String[] API_DOCS = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
            "/webjars/swagger-ui/**" };

    /** API paths whose callers cannot hold a token, any method: web-form lead submissions from public web sites. */
    static final String[] API = { "/api/public/**" };

    /**
     * API paths open to GET and HEAD only: iCalendar feeds, whose secret URL is the credential (calendar apps
     * cannot send a bearer token). Issuing a feed URL ({@code POST /api/tasks/calendar-feeds}) needs a token.
     */
    static final String[] API_READS = { "/api/tasks/calendar-feeds/**" };

    /** Not public at all: the services' operator endpoints, routed as {@code /admin/<service>/...}, for admins only. */
    static final String[] ADMIN = { "/admin/**" };

    private PublicPaths() {
    }
}

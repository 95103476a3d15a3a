package io.pulsecrm.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where the gateway finds the access token: the {@code Authorization: Bearer} header everywhere and, on
 * {@code GET /api/notifications/stream} only, also an {@code access_token} query parameter (RFC 6750 §2.3),
 * because browsers' EventSource cannot set headers. notification-service accepts the same, and the query is
 * relayed to it unchanged. Both at once is a 400 ({@code invalid_request}).
 */
final class BearerTokenConverter implements ServerAuthenticationConverter {

    /** The live notification stream (notification-service's {@code StreamController.PATH}). */
    static final String NOTIFICATION_STREAM = "/api/notifications/stream";

    private static final ServerWebExchangeMatcher QUERY_TOKEN_ALLOWED = ServerWebExchangeMatchers.pathMatchers(
            HttpMethod.GET, NOTIFICATION_STREAM, NOTIFICATION_STREAM + "/");

    private final ServerBearerTokenAuthenticationConverter headerOnly = new ServerBearerTokenAuthenticationConverter();
    private final ServerBearerTokenAuthenticationConverter headerOrQuery = new ServerBearerTokenAuthenticationConverter();

    BearerTokenConverter() {
        headerOrQuery.setAllowUriQueryParameter(true);
    }

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return QUERY_TOKEN_ALLOWED.matches(exchange)
                .flatMap(match -> match.isMatch() ? headerOrQuery.convert(exchange) : headerOnly.convert(exchange));
    }
}

package io.pulsecrm.notification.push;

import io.pulsecrm.notification.NotificationsProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.stereotype.Component;

/**
 * Where the resource server finds the access token (Spring Security uses this bean instead of its default):
 * the {@code Authorization: Bearer} header everywhere, and on {@code GET /api/notifications/stream} only, also an
 * {@code access_token} query parameter (RFC 6750 section 2.3), because browsers' EventSource cannot set headers.
 * Both at once is a 401. Off with {@code pulse.notifications.push.query-token=false}. A token in a URL can end up in
 * access logs and browser history: clients should use short-lived tokens for it.
 */
@Component
class StreamTokenResolver implements BearerTokenResolver {

    private final DefaultBearerTokenResolver headerOnly = new DefaultBearerTokenResolver();
    private final DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
    private final boolean queryToken;

    StreamTokenResolver(NotificationsProperties properties) {
        headerOrQuery.setAllowUriQueryParameter(true);
        this.queryToken = properties.push().queryToken();
    }

    @Override
    public String resolve(HttpServletRequest request) {
        return queryToken && isStream(request) ? headerOrQuery.resolve(request) : headerOnly.resolve(request);
    }

    private static boolean isStream(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return StreamController.PATH.equals(path) || (StreamController.PATH + "/").equals(path);
    }
}

package io.pulsecrm.gateway.web;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;

/**
 * Which paths belong to the web app. Its files and pages hold no data, so they need no token (the app signs the
 * person in once loaded); everything under the reserved prefixes keeps its own rules.
 */
public final class WebAppPaths {

    private static final List<String> RESERVED = List.of("/api/", "/admin/", "/actuator", "/v3/", "/swagger-ui",
            "/webjars/", "/__gateway/", "/oauth2/", "/.well-known/");

    /** GET and HEAD of the app's files and pages, for the security chain's permitAll. */
    public static final ServerWebExchangeMatcher PUBLIC = exchange -> {
        HttpMethod method = exchange.getRequest().getMethod();
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        return read && isPage(exchange.getRequest().getPath().value()) ? MatchResult.match() : MatchResult.notMatch();
    };

    private WebAppPaths() {
    }

    static boolean isPage(String path) {
        String normalized = path.equals("/api") || path.equals("/admin") ? path + "/" : path;
        return RESERVED.stream().noneMatch(normalized::startsWith);
    }
}

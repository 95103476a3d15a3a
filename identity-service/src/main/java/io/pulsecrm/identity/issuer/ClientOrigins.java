package io.pulsecrm.identity.issuer;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import io.pulsecrm.platform.identity.UserDirectory;

import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

import jakarta.servlet.http.HttpServletRequest;

/**
 * CORS for the issuer's endpoints: a browser app exchanges its code at the token endpoint from its own origin,
 * the origin of one of its redirect URIs. The allowed origins follow the directory file, like the clients.
 * Only the endpoints a browser app calls with {@code fetch} answer CORS; the login form is a navigation.
 */
final class ClientOrigins implements CorsConfigurationSource {

    private final UserDirectory directory;

    ClientOrigins(UserDirectory directory) {
        this.directory = directory;
    }

    private static final List<String> FETCHED_PATHS = List.of("/oauth2/", "/.well-known/", "/userinfo");

    @Override
    public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (FETCHED_PATHS.stream().noneMatch(path::startsWith)) {
            return null;
        }
        List<String> origins = directory.snapshot().clients().stream()
                .flatMap(client -> java.util.stream.Stream.concat(client.redirectUris().stream(),
                        client.postLogoutRedirectUris().stream()))
                .map(ClientOrigins::origin)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(origins);
        cors.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        cors.setMaxAge(1800L);
        return cors;
    }

    /**
     * The origin of a redirect URI, as a CORS origin pattern. A loopback IP literal matches any port, as the
     * authorization server matches such redirect URIs (RFC 8252 §7.3: native and local apps get a port at run time).
     */
    static String origin(String uri) {
        try {
            URI parsed = URI.create(uri);
            if (parsed.getScheme() == null || parsed.getHost() == null) {
                return null;
            }
            String host = parsed.getHost();
            if (host.equals("127.0.0.1") || host.equals("[::1]")) {
                return parsed.getScheme() + "://" + host + ":[*]";
            }
            return parsed.getScheme() + "://" + host + (parsed.getPort() == -1 ? "" : ":" + parsed.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

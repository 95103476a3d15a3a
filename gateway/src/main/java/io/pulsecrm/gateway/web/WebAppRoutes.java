package io.pulsecrm.gateway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.pulsecrm.gateway.problem.ProblemResponses;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the web app at {@code /}: hashed assets cached for a year (their name changes with their content),
 * {@code index.html} revalidated on every load, and any other page path answered with {@code index.html} so that a
 * link or a reload of {@code /contacts/42} opens the app there (the app's router shows the page or "not found").
 * Paths of the API, the admin and operations endpoints never fall back to the app.
 */
@Configuration(proxyBeanMethods = false)
class WebAppRoutes {

    static final String ROOT = "pulse-web/";
    private static final CacheControl IMMUTABLE = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();
    private static final CacheControl REVALIDATE = CacheControl.noCache();
    private static final CacheControl SHORT = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

    @Bean
    RouterFunction<ServerResponse> webAppRouter(WebAppProperties properties) {
        String csp = ContentSecurityPolicy.forApp(properties.issuerOrigin());
        Optional<byte[]> index = read(ROOT + "index.html");
        Map<String, Object> appConfig = new LinkedHashMap<>();
        appConfig.put("issuer", properties.issuer().toString());
        appConfig.put("clientId", properties.clientId());
        appConfig.put("scope", properties.scope());
        return RouterFunctions.route()
                .GET("/app-config.json", request -> ServerResponse.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(appConfig))
                .GET("/assets/{*file}", request -> asset("/assets" + request.pathVariable("file"), IMMUTABLE))
                .GET("/{file:[A-Za-z0-9_-]+\\.(?:svg|png|ico|txt|webmanifest)}", request ->
                        asset("/" + request.pathVariable("file"), SHORT))
                .route(pagePath(), request -> index
                        .map(html -> ServerResponse.ok()
                                .cacheControl(REVALIDATE)
                                .contentType(MediaType.TEXT_HTML)
                                .header("Content-Security-Policy", csp)
                                .header("Referrer-Policy", "strict-origin-when-cross-origin")
                                .header("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                                .bodyValue(html))
                        .orElseGet(() -> ServerResponse.status(HttpStatus.NOT_FOUND)
                                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                .bodyValue(ProblemResponses.problem(HttpStatus.NOT_FOUND, "not-found", "Not Found",
                                        "This gateway was built without the web app."))))
                .build();
    }

    /** A page the app's router handles: a GET for HTML outside the API, admin, operations and asset paths. */
    static RequestPredicate pagePath() {
        return RequestPredicates.GET("/**")
                .and(request -> WebAppPaths.isPage(request.path()))
                .and(WebAppRoutes::acceptsHtml);
    }

    private static boolean acceptsHtml(ServerRequest request) {
        List<MediaType> accepted;
        try {
            accepted = request.headers().accept();
        } catch (InvalidMediaTypeException unreadable) {
            return false; // not a browser: the gateway's own 404 problem answers it
        }
        return accepted.isEmpty() || accepted.stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML)
                && !type.isWildcardType());
    }

    private static Mono<ServerResponse> asset(String path, CacheControl cache) {
        if (path.contains("..") || path.contains("\\") || path.contains("//")) {
            return ServerResponse.notFound().build();
        }
        Resource resource = new ClassPathResource(ROOT + path.substring(1));
        if (!resource.isReadable()) {
            return ServerResponse.notFound().build();
        }
        MediaType type = MediaTypeFactory.getMediaType(resource).orElse(MediaType.APPLICATION_OCTET_STREAM);
        return ServerResponse.ok()
                .cacheControl(cache)
                .contentType(type)
                .header("X-Content-Type-Options", "nosniff")
                .bodyValue(resource);
    }

    private static Optional<byte[]> read(String path) {
        ClassPathResource resource = new ClassPathResource(path);
        if (!resource.exists()) {
            return Optional.empty();
        }
        try (InputStream in = resource.getInputStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.pulsecrm.gateway.routing;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Typed view of the {@code pulse.gateway.*} keys. The route definitions in {@code application.yml}
 * read their target URLs and timeouts from here through placeholders, so this class is where a bad
 * value (a relative URL, a non-numeric timeout) fails the start-up instead of a request.
 *
 * <p>Timeouts are plain milliseconds because Spring Cloud Gateway's per-route {@code response-timeout}
 * metadata only understands numbers: a value such as {@code 5s} would be silently ignored there, so
 * binding it to a {@code long} here rejects it at start-up.
 *
 * @param responseTimeoutMs default time a service gets to start answering before the gateway gives up
 * @param connectTimeoutMs time to establish a TCP connection to a service
 * @param services downstream services keyed by route id (which is also the circuit breaker name and the load
 * balancer's service id: routes target {@code lb://<id>})
 * @param fallback how the gateway describes an unavailable service
 */
@ConfigurationProperties("pulse.gateway")
public record PulseGatewayProperties(
        @DefaultValue("5000") long responseTimeoutMs,
        @DefaultValue("2000") int connectTimeoutMs,
        Map<String, DownstreamService> services,
        @DefaultValue Fallback fallback) {

    public PulseGatewayProperties {
        requirePositive("pulse.gateway.response-timeout-ms", responseTimeoutMs);
        requirePositive("pulse.gateway.connect-timeout-ms", connectTimeoutMs);
        services = services == null ? Map.of() : Map.copyOf(services);
        services.forEach((id, service) -> service.validate("pulse.gateway.services." + id));
    }

    /**
     * One downstream service.
     *
     * @param urls base URL of each instance the gateway balances over (key {@code url}, comma-separated, e.g.
     * {@code http://127.0.0.1:8081,http://127.0.0.1:8181}); a single URL when something else balances, such as a
     * Kubernetes Service. Paths are forwarded unchanged
     * @param responseTimeoutMs time the service gets to start answering (application.yml defaults it to
     * {@link PulseGatewayProperties#responseTimeoutMs()})
     */
    public record DownstreamService(@Name("url") List<URI> urls, long responseTimeoutMs) {

        public DownstreamService {
            urls = urls == null ? List.of() : List.copyOf(urls);
        }

        void validate(String prefix) {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException(prefix + ".url must be an absolute http(s) URL, was empty");
            }
            for (URI url : urls) {
                if (!url.isAbsolute() || url.getHost() == null
                        || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                    throw new IllegalArgumentException(prefix + ".url must be an absolute http(s) URL, was " + url);
                }
                if (!(url.getRawPath() == null || url.getRawPath().isEmpty() || "/".equals(url.getRawPath()))
                        || url.getRawQuery() != null) {
                    // the load balancer keeps only scheme, host and port: a path here would be silently dropped
                    throw new IllegalArgumentException(prefix + ".url must have no path or query (paths are forwarded"
                            + " unchanged), was " + url);
                }
            }
            if (new HashSet<>(urls).size() != urls.size()) {
                throw new IllegalArgumentException(prefix + ".url names an instance twice: " + urls);
            }
            requirePositive(prefix + ".response-timeout-ms", responseTimeoutMs);
        }

        /** More than one instance: the gateway balances over them itself, with health checks and failover. */
        public boolean balanced() {
            return urls.size() > 1;
        }
    }

    /**
     * @param problemType the RFC 9457 {@code type} of the 503 answered when a service is unavailable
     */
    public record Fallback(@DefaultValue("https://pulsecrm.io/problems/service-unavailable") URI problemType) {

        public Fallback {
            Objects.requireNonNull(problemType, "pulse.gateway.fallback.problem-type");
        }
    }

    private static void requirePositive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " must be a positive number of milliseconds, was " + value);
        }
    }
}

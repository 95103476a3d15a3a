package io.pulsecrm.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.pulsecrm.platform.identity.Caller;
import io.pulsecrm.platform.identity.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The request-level rules of docs/identity.md: members need a role and admins alone reach admin-only
 * operations; partner clients reach only the areas their scopes name ({@code contacts:read} for reads,
 * {@code contacts:write} for changes). Which records a member sees is the services' queries' business.
 */
final class AccessPolicy implements AuthorizationManager<RequestAuthorizationContext> {

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final List<MethodPattern> adminOnly = new ArrayList<>();
    private final Map<String, List<PathPattern>> areas = new java.util.LinkedHashMap<>();

    AccessPolicy(SecurityProperties properties) {
        properties.adminOnly().forEach(rule -> adminOnly.add(MethodPattern.parse(rule)));
        properties.areas().forEach((area, patterns) ->
                areas.put(area, patterns.stream().map(PathPatternParser.defaultInstance::parse).toList()));
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
            return new AuthorizationDecision(false);
        }
        Caller caller = Caller.fromClaims(token.getToken().getClaims());
        HttpServletRequest request = context.getRequest();
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        boolean adminOperation = adminOnly.stream().anyMatch(rule -> rule.matches(request.getMethod(), path));
        if (caller.isUser()) {
            boolean allowed = adminOperation ? caller.is(Role.ADMIN) : !caller.roles().isEmpty();
            return new AuthorizationDecision(allowed);
        }
        if (adminOperation) {
            return new AuthorizationDecision(false);
        }
        String area = areaOf(path);
        if (area == null) {
            return new AuthorizationDecision(false);
        }
        boolean read = READ_METHODS.contains(request.getMethod());
        boolean allowed = caller.hasScope(area + ":write") || (read && caller.hasScope(area + ":read"));
        return new AuthorizationDecision(allowed);
    }

    private String areaOf(PathContainer path) {
        for (var area : areas.entrySet()) {
            if (area.getValue().stream().anyMatch(pattern -> pattern.matches(path))) {
                return area.getKey();
            }
        }
        return null;
    }

    /** {@code "POST /api/pipelines/**"}, or a bare pattern for every method. */
    private record MethodPattern(String method, PathPattern pattern) {

        static MethodPattern parse(String rule) {
            String[] parts = rule.trim().split("\\s+", 2);
            return parts.length == 2
                    ? new MethodPattern(parts[0].toUpperCase(java.util.Locale.ROOT), PathPatternParser.defaultInstance.parse(parts[1]))
                    : new MethodPattern(null, PathPatternParser.defaultInstance.parse(parts[0]));
        }

        boolean matches(String requestMethod, PathContainer path) {
            return (method == null || method.equalsIgnoreCase(requestMethod)) && pattern.matches(path);
        }
    }
}

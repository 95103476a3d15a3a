package io.pulsecrm.platform.security;

import java.util.Optional;

import io.pulsecrm.platform.identity.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The authenticated caller of the current request, as its token describes them. */
public final class CurrentCaller {

    private CurrentCaller() {
    }

    public static Optional<Caller> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(Caller.fromClaims(token.getToken().getClaims()));
        }
        return Optional.empty();
    }

    /**
     * Runs work on behalf of a caller outside their request (a background job they started): visibility and
     * ownership rules answer for them, and the events the work causes name them as the actor. Nothing is
     * signed; the caller must come from a token the service validated earlier.
     */
    public static <T> T runAs(Caller caller, java.util.function.Supplier<T> work) {
        org.springframework.security.oauth2.jwt.Jwt jwt = org.springframework.security.oauth2.jwt.Jwt
                .withTokenValue("on-behalf-of:" + caller.actor())
                .header("alg", "none")
                .claims(claims -> claims.putAll(caller.claims()))
                .build();
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new JwtAuthenticationToken(jwt));
        SecurityContextHolder.setContext(context);
        String previousActor = org.slf4j.MDC.get(io.pulsecrm.platform.context.EventContext.ACTOR);
        org.slf4j.MDC.put(io.pulsecrm.platform.context.EventContext.ACTOR, caller.actor());
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
            if (previousActor == null) {
                org.slf4j.MDC.remove(io.pulsecrm.platform.context.EventContext.ACTOR);
            } else {
                org.slf4j.MDC.put(io.pulsecrm.platform.context.EventContext.ACTOR, previousActor);
            }
        }
    }

    /** @throws org.springframework.security.authentication.AuthenticationCredentialsNotFoundException outside an authenticated request */
    public static Caller get() {
        return find().orElseThrow(() -> new org.springframework.security.authentication
                .AuthenticationCredentialsNotFoundException("no authenticated caller"));
    }
}

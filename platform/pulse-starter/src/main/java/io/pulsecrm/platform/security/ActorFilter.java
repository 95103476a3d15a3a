package io.pulsecrm.platform.security;

import java.io.IOException;

import io.pulsecrm.platform.context.EventContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/** Names the authenticated caller as the actor of everything the request does: its events and its logs. */
final class ActorFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var caller = CurrentCaller.find();
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(EventContext.ACTOR, caller.get().actor());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(EventContext.ACTOR);
        }
    }
}

package io.pulsecrm.platform.web;

import java.io.IOException;
import java.util.regex.Pattern;

import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.events.Ids;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request gets a correlation id (the caller's, the gateway's request id, or a new one). It is put in
 * the logging context, stamped on every event the request produces, and echoed in the response. A caller
 * acting because of an event (automation applying a rule) names it in {@code X-Causation-Id}, so the events
 * the request produces carry that cause and chains of reactions can be followed (and loops stopped).
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String CAUSATION_HEADER = "X-Causation-Id";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = firstSafe(request.getHeader(CORRELATION_HEADER), request.getHeader(REQUEST_ID_HEADER));
        MDC.put(EventContext.CORRELATION_ID, correlationId);
        response.setHeader(CORRELATION_HEADER, correlationId);
        String causationId = request.getHeader(CAUSATION_HEADER);
        if (causationId != null && SAFE_ID.matcher(causationId).matches()) {
            MDC.put(EventContext.CAUSATION_ID, causationId);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(EventContext.CORRELATION_ID);
            MDC.remove(EventContext.CAUSATION_ID);
        }
    }

    private static String firstSafe(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && SAFE_ID.matcher(candidate).matches()) {
                return candidate;
            }
        }
        return Ids.newId();
    }
}

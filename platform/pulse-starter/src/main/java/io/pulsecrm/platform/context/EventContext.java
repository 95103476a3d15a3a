package io.pulsecrm.platform.context;

import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.pulsecrm.platform.events.EventEnvelope;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;

/**
 * What an event being produced needs to know about the work that caused it: the correlation id of the
 * original request, the event that caused it (when reacting to one), the actor and the trace.
 * Kept in the logging MDC so that logs carry the same ids.
 */
public class EventContext {

    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String ACTOR = "actor";
    /** Actor of changes made without an authenticated caller (until identity lands) or by the system itself. */
    public static final String ANONYMOUS_ACTOR = "system:anonymous";

    private final ObjectProvider<Tracer> tracer;

    public EventContext(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    public Optional<String> correlationId() {
        return Optional.ofNullable(MDC.get(CORRELATION_ID));
    }

    public Optional<String> causationId() {
        return Optional.ofNullable(MDC.get(CAUSATION_ID));
    }

    public String actor() {
        String actor = MDC.get(ACTOR);
        return actor == null ? ANONYMOUS_ACTOR : actor;
    }

    /** The current span as a W3C traceparent, so partners can join the trace from the event alone. */
    public Optional<String> traceparent() {
        Tracer current = tracer.getIfAvailable();
        Span span = current == null ? null : current.currentSpan();
        if (span == null || span.isNoop()) {
            return Optional.empty();
        }
        var context = span.context();
        String flags = Boolean.TRUE.equals(context.sampled()) ? "01" : "00";
        return Optional.of("00-" + context.traceId() + "-" + context.spanId() + "-" + flags);
    }

    /** Runs a reaction to {@code cause} so that events it produces carry the cause's correlation and id. */
    public <T> T reactingTo(EventEnvelope cause, Supplier<T> work) {
        String previousCorrelation = MDC.get(CORRELATION_ID);
        String previousCausation = MDC.get(CAUSATION_ID);
        MDC.put(CORRELATION_ID, cause.correlationId() != null ? cause.correlationId() : cause.id());
        MDC.put(CAUSATION_ID, cause.id());
        try {
            return work.get();
        } finally {
            restore(CORRELATION_ID, previousCorrelation);
            restore(CAUSATION_ID, previousCausation);
        }
    }

    public void reactingTo(EventEnvelope cause, Runnable work) {
        reactingTo(cause, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs work that no user asked for (a scheduled job) so the events it produces name the component as
     * their actor, {@code system:<component>}.
     */
    public static void asSystem(String component, Runnable work) {
        String previous = MDC.get(ACTOR);
        MDC.put(ACTOR, "system:" + component);
        try {
            work.run();
        } finally {
            restore(ACTOR, previous);
        }
    }

    /**
     * Runs the effect of {@code cause} that its actor asked for (a deal opened from a person's conversion of a lead), so
     * the events it produces carry the cause's actor as well as its correlation and id.
     */
    public void onBehalfOf(EventEnvelope cause, Runnable work) {
        String previous = MDC.get(ACTOR);
        if (cause.actor() != null) {
            MDC.put(ACTOR, cause.actor());
        }
        try {
            reactingTo(cause, work);
        } finally {
            restore(ACTOR, previous);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}

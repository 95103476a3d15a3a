package io.pulsecrm.platform.outbox;

import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Re-enters a trace from its W3C {@code traceparent}, so that work done later and elsewhere (the outbox relay
 * publishing an event) shows up in the trace of the request that caused it. A no-op without a tracer.
 */
public class TraceContinuation {

    private static final String TRACEPARENT = "traceparent";

    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    public TraceContinuation(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** A span, child of {@code traceparent}, current until the returned scope is closed. */
    public Scope continueTrace(String traceparent, String name) {
        Tracer currentTracer = tracer.getIfAvailable();
        Propagator currentPropagator = propagator.getIfAvailable();
        if (traceparent == null || currentTracer == null || currentPropagator == null) {
            return () -> { };
        }
        Span span = currentPropagator.extract(Map.of(TRACEPARENT, traceparent), Map::get).name(name).start();
        Tracer.SpanInScope inScope = currentTracer.withSpan(span);
        return () -> {
            inScope.close();
            span.end();
        };
    }

    /** Closing it ends the continued span. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}

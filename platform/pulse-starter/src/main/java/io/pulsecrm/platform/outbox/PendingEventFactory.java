package io.pulsecrm.platform.outbox;

import java.time.Instant;

import io.pulsecrm.platform.aggregate.Aggregate;
import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.EventEnvelope;
import io.pulsecrm.platform.events.EventJson;
import io.pulsecrm.platform.events.EventTypes;
import io.pulsecrm.platform.events.Ids;

/** Wraps a domain event in its CloudEvents envelope, stamped with who, why and in which trace. */
public class PendingEventFactory {

    private final String source;
    private final EventContext context;

    public PendingEventFactory(String serviceName, EventContext context) {
        this.source = "/pulse/" + serviceName;
        this.context = context;
    }

    /** Who the events being created now are attributed to. */
    public String actor() {
        return context.actor();
    }

    public PendingEvent create(Aggregate aggregate, String aggregateId, long sequence, DomainEvent event, Instant now) {
        String type = DomainEvent.typeOf(event.getClass());
        String eventId = Ids.newId();
        EventEnvelope envelope = new EventEnvelope(
                eventId,
                source,
                type,
                aggregateId,
                now,
                EventTypes.schemaUri(type),
                context.actor(),
                aggregate.type(),
                sequence,
                context.correlationId().orElse(eventId),
                context.causationId().orElse(null),
                context.traceparent().orElse(null),
                EventJson.toTree(event));
        return new PendingEvent(eventId, type, aggregate.topic(), aggregateId, EventJson.write(envelope), now,
                envelope.traceparent());
    }
}

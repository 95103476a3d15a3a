package io.pulsecrm.platform.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Marker for domain event payloads. Implementations are records annotated with {@link DomainEventType};
 * the record's components are the event's {@code data}.
 */
public interface DomainEvent {

    /** The event's versioned type name, read from its {@link DomainEventType} annotation. */
    static String typeOf(Class<? extends DomainEvent> eventClass) {
        return TypeNames.CACHE.computeIfAbsent(eventClass, type -> {
            DomainEventType annotation = type.getAnnotation(DomainEventType.class);
            if (annotation == null) {
                throw new IllegalStateException(type.getName() + " must be annotated with @DomainEventType");
            }
            return EventTypes.requireValid(annotation.value());
        });
    }

    final class TypeNames {
        private static final Map<Class<?>, String> CACHE = new ConcurrentHashMap<>();

        private TypeNames() {
        }
    }
}

package io.pulsecrm.gateway.fallback;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.registry.EntryAddedEvent;
import io.github.resilience4j.core.registry.EntryRemovedEvent;
import io.github.resilience4j.core.registry.EntryReplacedEvent;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Logs each circuit breaker state change (e.g. {@code CLOSED -> OPEN}) once, so operators see when the
 * gateway stopped and resumed calling a service without one log line per rejected request.
 * Resilience4j's auto-configuration attaches every {@link RegistryEventConsumer} bean to the breakers
 * it creates.
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerEventLogging {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerEventLogging.class);

    @Bean
    RegistryEventConsumer<CircuitBreaker> circuitBreakerStateLogger() {
        return new RegistryEventConsumer<>() {

            @Override
            public void onEntryAddedEvent(EntryAddedEvent<CircuitBreaker> event) {
                logStateTransitions(event.getAddedEntry());
            }

            @Override
            public void onEntryRemovedEvent(EntryRemovedEvent<CircuitBreaker> event) {
            }

            @Override
            public void onEntryReplacedEvent(EntryReplacedEvent<CircuitBreaker> event) {
                logStateTransitions(event.getNewEntry());
            }
        };
    }

    private static void logStateTransitions(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(transition -> log.warn("Circuit breaker '{}' {} -> {}",
                transition.getCircuitBreakerName(), transition.getStateTransition().getFromState(),
                transition.getStateTransition().getToState()));
    }
}

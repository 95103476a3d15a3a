package io.pulsecrm.deals.products;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.pulsecrm.deals.deals.DealEvents.Change;
import io.pulsecrm.platform.events.DomainEvent;
import io.pulsecrm.platform.events.DomainEventType;

/** Product events on {@value Product#TOPIC}, keyed by product id; schemas in platform/pulse-events. */
public final class ProductEvents {

    private ProductEvents() {
    }

    public record ProductSnapshot(String id, String sku, String name, String description, String unit, List<Price> prices,
                                  BigDecimal taxRate, boolean active, Instant createdAt, Instant updatedAt) {
    }

    @DomainEventType("pulse.product.created.v1")
    public record ProductCreated(ProductSnapshot product) implements DomainEvent {
    }

    @DomainEventType("pulse.product.updated.v1")
    public record ProductUpdated(ProductSnapshot product, Map<String, Change> changes) implements DomainEvent {
    }

    @DomainEventType("pulse.product.deleted.v1")
    public record ProductDeleted(String productId, String sku, Instant deletedAt) implements DomainEvent {
    }
}

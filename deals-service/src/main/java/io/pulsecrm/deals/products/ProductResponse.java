package io.pulsecrm.deals.products;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A product as the API shows it; {@code version} is also the ETag to send back in If-Match. */
public record ProductResponse(String id, String sku, String name, String description, String unit, List<Price> prices,
                              BigDecimal taxRate, boolean active, long version, Instant createdAt, Instant updatedAt) {

    public static ProductResponse of(Product p) {
        return new ProductResponse(p.getId(), p.sku(), p.name(), p.description(), p.unit(), p.prices(), p.taxRate(),
                p.active(), p.getVersion(), p.getCreatedAt(), p.getUpdatedAt());
    }
}

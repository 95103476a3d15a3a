package io.pulsecrm.deals.products;

import java.math.BigDecimal;
import java.util.List;

/** The editable fields of a product, checked and cleaned by {@link ProductRules#normalize}. */
public record ProductDetails(String sku, String name, String description, String unit, List<Price> prices,
                             BigDecimal taxRate, boolean active) {

    public ProductDetails {
        prices = prices == null ? List.of() : List.copyOf(prices);
    }
}

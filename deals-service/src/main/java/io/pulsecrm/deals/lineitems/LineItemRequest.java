package io.pulsecrm.deals.lineitems;

import java.math.BigDecimal;

/**
 * A line item to add or the new state of one (PUT). With {@code productId}, the product's name, SKU, description, unit,
 * tax rate and price in the deal's currency are taken unless given here; without it, {@code name} and
 * {@code unitPrice} are required (free text). {@code currency} only for a deal that has none yet.
 *
 * @param position 0-based place of a new item (default: at the end)
 */
public record LineItemRequest(String productId, String name, String description, BigDecimal quantity, String unit,
                              BigDecimal unitPrice, LineItem.Discount discount, BigDecimal taxRate, String currency,
                              Integer position) {
}

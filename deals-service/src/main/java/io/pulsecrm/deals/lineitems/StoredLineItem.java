package io.pulsecrm.deals.lineitems;

import java.math.BigDecimal;

import io.pulsecrm.deals.deals.Money;

/**
 * A {@link LineItem} as the deal's document keeps it: decimals as their plain text (exact on MongoDB and the embedded
 * store alike, whatever the mapping's BigDecimal setting), the price in minor units, the currency on the deal.
 */
public record StoredLineItem(String id, String productId, String sku, String name, String description, String quantity,
                             String unit, long unitPriceMinor, String discountType, String discountValue, String taxRate) {

    public static StoredLineItem of(LineItem item) {
        return new StoredLineItem(item.id(), item.productId(), item.sku(), item.name(), item.description(),
                item.quantity().toPlainString(), item.unit(), item.unitPriceMinor(),
                item.discount() == null ? null : item.discount().type().name(),
                item.discount() == null ? null : item.discount().value().toPlainString(),
                item.taxRate() == null ? null : item.taxRate().toPlainString());
    }

    public LineItem toLineItem(String currency) {
        LineItem.Discount discount = discountType == null ? null
                : new LineItem.Discount(DiscountType.valueOf(discountType), new BigDecimal(discountValue));
        return new LineItem(id, productId, sku, name, description, new BigDecimal(quantity), unit, currency,
                Money.fromMinor(unitPriceMinor, currency), discount, taxRate == null ? null : new BigDecimal(taxRate));
    }
}

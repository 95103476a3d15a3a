package io.pulsecrm.deals.lineitems;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

import io.pulsecrm.deals.deals.Money;

/**
 * One line of a deal: a product from the catalogue ({@code productId}, {@code sku} copied from it when the line was
 * added) or free text, in the deal's currency. Money is exact in the currency's minor units; see {@link #grossMinor()}
 * for where and how it is rounded.
 *
 * @param quantity  &gt; 0, decimal (hours, kilograms)
 * @param unitPrice ≥ 0, at most the currency's decimals
 * @param discount  null for none
 * @param taxRate   percent (e.g. 20 or 7.5), null for no tax
 */
public record LineItem(String id, String productId, String sku, String name, String description, BigDecimal quantity,
                       String unit, String currency, BigDecimal unitPrice, Discount discount, BigDecimal taxRate) {

    public LineItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(unitPrice, "unitPrice");
    }

    /** A percentage of the line's gross (0–100) or an amount in the deal's currency (at most the gross). */
    public record Discount(DiscountType type, BigDecimal value) {
        public Discount {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }
    }

    public long unitPriceMinor() {
        return Money.toMinor(unitPrice, currency);
    }

    /** quantity × unit price, rounded half-up to the currency's minor unit (the only rounding of the gross). */
    public long grossMinor() {
        return quantity.multiply(BigDecimal.valueOf(unitPriceMinor())).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The discount in minor units: a percentage of the gross rounded half-up, or the amount as given. */
    public long discountMinor() {
        if (discount == null) {
            return 0;
        }
        return switch (discount.type()) {
            case PERCENT -> BigDecimal.valueOf(grossMinor()).multiply(discount.value()).movePointLeft(2)
                    .setScale(0, RoundingMode.HALF_UP).longValueExact();
            case AMOUNT -> Money.toMinor(discount.value(), currency);
        };
    }

    /** gross − discount. */
    public long netMinor() {
        return grossMinor() - discountMinor();
    }

    /** net × tax rate / 100, rounded half-up per line (the sum of the lines' taxes is the deal's tax). */
    public long taxMinor() {
        if (taxRate == null) {
            return 0;
        }
        return BigDecimal.valueOf(netMinor()).multiply(taxRate).movePointLeft(2).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
    }

    /** net + tax: what the line adds to the deal's amount. */
    public long totalMinor() {
        return netMinor() + taxMinor();
    }

    public BigDecimal gross() {
        return Money.fromMinor(grossMinor(), currency);
    }

    public BigDecimal net() {
        return Money.fromMinor(netMinor(), currency);
    }

    public BigDecimal tax() {
        return Money.fromMinor(taxMinor(), currency);
    }

    public BigDecimal total() {
        return Money.fromMinor(totalMinor(), currency);
    }
}

package io.pulsecrm.deals.products;

import java.math.BigDecimal;

/** A product's price in one currency (ISO 4217), at most the currency's decimals. */
public record Price(String currency, BigDecimal amount) {
}

package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Amounts are stored as whole minor units (cents) of their ISO 4217 currency: exact, sortable and summable
 * by the store, with no floating point anywhere.
 */
public final class Money {

    private Money() {
    }

    public static int digits(String currency) {
        return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    }

    public static long toMinor(BigDecimal amount, String currency) {
        return amount.movePointRight(digits(currency)).longValueExact();
    }

    public static BigDecimal fromMinor(long minor, String currency) {
        return BigDecimal.valueOf(minor, digits(currency));
    }
}

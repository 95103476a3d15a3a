package io.pulsecrm.deals.lineitems;

import java.util.List;

import io.pulsecrm.deals.deals.Money;
import io.pulsecrm.deals.lineitems.LineItemView.MoneyAmount;

/** Sums of a deal's line items, each the exact sum of the lines' rounded figures; {@code total} is the deal's amount. */
public record LineItemTotals(MoneyAmount gross, MoneyAmount discount, MoneyAmount net, MoneyAmount tax, MoneyAmount total) {

    /** Null for a deal without line items. */
    public static LineItemTotals of(List<LineItem> items) {
        if (items.isEmpty()) {
            return null;
        }
        String currency = items.getFirst().currency();
        long gross = 0;
        long discount = 0;
        long tax = 0;
        for (LineItem item : items) {
            gross = Math.addExact(gross, item.grossMinor());
            discount = Math.addExact(discount, item.discountMinor());
            tax = Math.addExact(tax, item.taxMinor());
        }
        long net = gross - discount;
        return new LineItemTotals(money(gross, currency), money(discount, currency), money(net, currency),
                money(tax, currency), money(net + tax, currency));
    }

    private static MoneyAmount money(long minor, String currency) {
        return new MoneyAmount(Money.fromMinor(minor, currency), currency);
    }
}

package io.pulsecrm.deals.lineitems;

import java.math.BigDecimal;
import java.util.List;

/** A line item as the API and the deal events show it: its money as {amount, currency} and its computed figures. */
public record LineItemView(String id, String productId, String sku, String name, String description, BigDecimal quantity,
                           String unit, MoneyAmount unitPrice, LineItem.Discount discount, BigDecimal taxRate,
                           MoneyAmount net, MoneyAmount tax, MoneyAmount total) {

    public record MoneyAmount(BigDecimal amount, String currency) {
    }

    public static LineItemView of(LineItem item) {
        String c = item.currency();
        return new LineItemView(item.id(), item.productId(), item.sku(), item.name(), item.description(), item.quantity(),
                item.unit(), new MoneyAmount(item.unitPrice(), c), item.discount(), item.taxRate(),
                new MoneyAmount(item.net(), c), new MoneyAmount(item.tax(), c), new MoneyAmount(item.total(), c));
    }

    public static List<LineItemView> of(List<LineItem> items) {
        return items.stream().map(LineItemView::of).toList();
    }
}

package io.pulsecrm.deals.documents;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pulsecrm.deals.deals.Deal;
import io.pulsecrm.deals.lineitems.DiscountType;
import io.pulsecrm.deals.lineitems.LineItem;
import io.pulsecrm.deals.lineitems.LineItemTotals;
import org.springframework.stereotype.Component;

/** The {@code lineItems} section and {@code totals} of a document: the deal's line items, written for a locale. */
@Component
class LineItemMergeData {

    record Items(List<Map<String, Object>> rows, Map<String, Object> totals) {
    }

    Items of(Deal deal, Locale locale) {
        List<LineItem> items = deal.lineItems();
        List<Map<String, Object>> rows = new ArrayList<>(items.size());
        int position = 0;
        for (LineItem item : items) {
            rows.add(MergeData.map(
                    "position", String.valueOf(++position),
                    "name", item.name(),
                    "sku", item.sku(),
                    "description", item.description(),
                    "quantity", plain(item.quantity(), locale),
                    "unit", item.unit(),
                    "unitPrice", MergeData.money(item.unitPrice(), item.currency(), locale),
                    "discount", item.discount() == null ? null
                            : item.discount().type() == DiscountType.PERCENT ? percent(item.discount().value(), locale)
                            : MergeData.money(item.discount().value(), item.currency(), locale),
                    "taxRate", item.taxRate() == null ? null : percent(item.taxRate(), locale),
                    "net", MergeData.money(item.net(), item.currency(), locale),
                    "tax", MergeData.money(item.tax(), item.currency(), locale),
                    "total", MergeData.money(item.total(), item.currency(), locale)));
        }
        LineItemTotals totals = LineItemTotals.of(items);
        Map<String, Object> sums = totals == null ? Map.of() : MergeData.map(
                "net", MergeData.money(totals.net().amount(), totals.net().currency(), locale),
                "tax", MergeData.money(totals.tax().amount(), totals.tax().currency(), locale),
                "total", MergeData.money(totals.total().amount(), totals.total().currency(), locale));
        return new Items(rows, sums);
    }

    private static String plain(BigDecimal value, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(Math.max(0, value.stripTrailingZeros().scale()));
        return format.format(value);
    }

    private static String percent(BigDecimal value, Locale locale) {
        return plain(value, locale) + " %";
    }
}

package io.pulsecrm.deals.products;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import tools.jackson.databind.JsonNode;

/**
 * A JSON merge patch (RFC 7396) of a product: keys present replace the field (null clears an optional one), absent
 * keys are kept; {@code prices} is replaced as a whole. Unknown keys are refused, so nothing else reaches the store.
 */
final class ProductPatch {

    private ProductPatch() {
    }

    static ProductDetails apply(JsonNode patch, ProductDetails current) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException("A merge patch must be a JSON object", List.of());
        }
        List<FieldProblem> problems = new ArrayList<>();
        String sku = current.sku();
        String name = current.name();
        String description = current.description();
        String unit = current.unit();
        List<Price> prices = current.prices();
        BigDecimal taxRate = current.taxRate();
        boolean active = current.active();
        for (var entry : patch.properties()) {
            String field = entry.getKey();
            JsonNode value = entry.getValue();
            switch (field) {
                case "sku" -> sku = text(field, value, problems);
                case "name" -> name = text(field, value, problems);
                case "description" -> description = text(field, value, problems);
                case "unit" -> unit = text(field, value, problems);
                case "taxRate" -> {
                    if (value.isNull() || value.isNumber()) {
                        taxRate = value.isNull() ? null : value.decimalValue();
                    } else {
                        problems.add(new FieldProblem(field, "must be a number or null"));
                    }
                }
                case "active" -> {
                    if (value.isBoolean()) {
                        active = value.booleanValue();
                    } else {
                        problems.add(new FieldProblem(field, "must be true or false"));
                    }
                }
                case "prices" -> prices = prices(value, problems);
                default -> problems.add(new FieldProblem(field, "is not a product field"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The patch has invalid fields", problems);
        }
        return new ProductDetails(sku, name, description, unit, prices, taxRate, active);
    }

    private static String text(String field, JsonNode value, List<FieldProblem> problems) {
        if (value.isNull() || value.isString()) {
            return value.isNull() ? null : value.asString();
        }
        problems.add(new FieldProblem(field, "must be a string or null"));
        return null;
    }

    private static List<Price> prices(JsonNode value, List<FieldProblem> problems) {
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problems.add(new FieldProblem("prices", "must be a list of {currency, amount}"));
            return List.of();
        }
        List<Price> prices = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode price = value.get(i);
            JsonNode currency = price.get("currency");
            JsonNode amount = price.get("amount");
            if (!price.isObject() || (currency != null && !currency.isString() && !currency.isNull())
                    || (amount != null && !amount.isNumber() && !amount.isNull())) {
                problems.add(new FieldProblem("prices[" + i + "]", "must be {currency: string, amount: number}"));
                continue;
            }
            prices.add(new Price(currency == null || currency.isNull() ? null : currency.asString(),
                    amount == null || amount.isNull() ? null : amount.decimalValue()));
        }
        return prices;
    }
}

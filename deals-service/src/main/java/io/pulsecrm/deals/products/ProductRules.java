package io.pulsecrm.deals.products;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.pulsecrm.deals.deals.DealRules;
import io.pulsecrm.deals.deals.Money;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.TextFields;

/**
 * One clean form for product fields, every problem named at once. A SKU is 1–64 letters, digits and {@code - _ . /}
 * (compared ignoring case); prices: one per currency, ≥ 0 with at most the currency's decimals; tax rate 0–100 %.
 */
public final class ProductRules {

    static final int MAX_SKU = 64;
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_UNIT = 20;
    static final int MAX_PRICES = 50;
    private static final Pattern SKU = Pattern.compile("^[\\p{L}\\p{N}][\\p{L}\\p{N}._/-]*$");
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000000000");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private ProductRules() {
    }

    public static ProductDetails normalize(ProductDetails raw) {
        List<FieldProblem> problems = new ArrayList<>();
        String sku = TextFields.clean(raw.sku(), "sku", MAX_SKU, true, problems);
        if (sku != null && sku.length() <= MAX_SKU && !SKU.matcher(sku).matches()) {
            problems.add(new FieldProblem("sku", "may contain only letters, digits and - _ . / (and starts with a letter or digit)"));
        }
        String name = TextFields.clean(raw.name(), "name", MAX_NAME, true, problems);
        String description = TextFields.clean(raw.description(), "description", MAX_DESCRIPTION, false, true, problems);
        String unit = TextFields.clean(raw.unit(), "unit", MAX_UNIT, false, problems);
        List<Price> prices = prices(raw.prices(), problems);
        BigDecimal taxRate = raw.taxRate();
        if (taxRate != null) {
            if (taxRate.signum() < 0 || taxRate.compareTo(HUNDRED) > 0) {
                problems.add(new FieldProblem("taxRate", "must be a percentage between 0 and 100"));
            } else if (taxRate.stripTrailingZeros().scale() > 4) {
                problems.add(new FieldProblem("taxRate", "may have at most 4 decimals"));
            } else {
                taxRate = plain(taxRate);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The product has invalid fields", problems);
        }
        return new ProductDetails(sku, name, description, unit, prices, taxRate, raw.active());
    }

    private static List<Price> prices(List<Price> raw, List<FieldProblem> problems) {
        List<Price> clean = new ArrayList<>();
        if (raw.size() > MAX_PRICES) {
            problems.add(new FieldProblem("prices", "at most " + MAX_PRICES + " prices"));
            return clean;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Price price = raw.get(i);
            String at = "prices[" + i + "]";
            if (price == null) {
                problems.add(new FieldProblem(at, "must be an object {currency, amount}"));
                continue;
            }
            if (price.currency() == null) {
                problems.add(new FieldProblem(at + ".currency", "is required"));
            }
            String currency = DealRules.currency(price.currency(), at + ".currency", problems);
            BigDecimal amount = price.amount();
            if (amount == null) {
                problems.add(new FieldProblem(at + ".amount", "is required"));
            } else if (amount.signum() < 0) {
                problems.add(new FieldProblem(at + ".amount", "must not be negative"));
            } else if (amount.compareTo(MAX_PRICE) > 0) {
                problems.add(new FieldProblem(at + ".amount", "must be at most " + MAX_PRICE.toPlainString()));
            } else if (currency != null) {
                int digits = Money.digits(currency);
                if (amount.stripTrailingZeros().scale() > digits) {
                    problems.add(new FieldProblem(at + ".amount", currency + " amounts have at most " + digits + " decimal places"));
                } else {
                    amount = amount.setScale(digits);
                }
            }
            if (currency != null && !seen.add(currency)) {
                problems.add(new FieldProblem(at + ".currency", currency + " is listed twice; a product has one price per currency"));
            }
            clean.add(new Price(currency, amount));
        }
        return clean;
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}

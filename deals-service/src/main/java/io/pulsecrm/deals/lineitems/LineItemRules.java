package io.pulsecrm.deals.lineitems;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.pulsecrm.deals.deals.Money;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.TextFields;

/**
 * Checks a line item before a deal takes it, naming every field at fault at once: quantity &gt; 0 (at most
 * {@value #QUANTITY_DECIMALS} decimals), a unit price ≥ 0 in the currency's decimals, a percent discount 0–100 or an
 * amount discount at most the line's gross, a tax rate 0–100.
 */
public final class LineItemRules {

    static final int QUANTITY_DECIMALS = 4;
    static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000");
    static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("1000000000000");
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_UNIT = 20;

    private LineItemRules() {
    }

    /** @return the item with its text stripped and its decimals in canonical form */
    public static LineItem check(LineItem item) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = text(item.name(), "name", MAX_NAME, true, problems);
        String description = text(item.description(), "description", MAX_DESCRIPTION, false, problems);
        String unit = text(item.unit(), "unit", MAX_UNIT, false, problems);
        BigDecimal quantity = item.quantity();
        if (quantity.signum() <= 0) {
            problems.add(new FieldProblem("quantity", "must be greater than 0"));
        } else if (quantity.compareTo(MAX_QUANTITY) > 0) {
            problems.add(new FieldProblem("quantity", "must be at most " + MAX_QUANTITY.toPlainString()));
        } else if (quantity.stripTrailingZeros().scale() > QUANTITY_DECIMALS) {
            problems.add(new FieldProblem("quantity", "may have at most " + QUANTITY_DECIMALS + " decimals"));
        }
        int digits = Money.digits(item.currency());
        BigDecimal unitPrice = item.unitPrice();
        boolean priceOk = money(unitPrice, "unitPrice", digits, item.currency(), problems);
        if (priceOk && unitPrice.compareTo(MAX_UNIT_PRICE) > 0) {
            problems.add(new FieldProblem("unitPrice", "must be at most " + MAX_UNIT_PRICE.toPlainString()));
            priceOk = false;
        }
        LineItem.Discount discount = item.discount();
        if (discount != null) {
            BigDecimal value = discount.value();
            switch (discount.type()) {
                case PERCENT -> {
                    if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
                        problems.add(new FieldProblem("discount.value", "a percent discount must be between 0 and 100"));
                    } else if (value.stripTrailingZeros().scale() > 4) {
                        problems.add(new FieldProblem("discount.value", "may have at most 4 decimals"));
                    }
                }
                case AMOUNT -> {
                    if (money(value, "discount.value", digits, item.currency(), problems) && priceOk
                            && problems.stream().noneMatch(p -> p.field().equals("quantity"))) {
                        long gross = withCanonical(item, quantity, unitPrice, null).grossMinor();
                        if (Money.toMinor(value, item.currency()) > gross) {
                            problems.add(new FieldProblem("discount.value", "is more than the line's price before discount ("
                                    + Money.fromMinor(gross, item.currency()).toPlainString() + " " + item.currency() + ")"));
                        }
                    }
                }
            }
        }
        BigDecimal taxRate = item.taxRate();
        if (taxRate != null) {
            if (taxRate.signum() < 0 || taxRate.compareTo(HUNDRED) > 0) {
                problems.add(new FieldProblem("taxRate", "must be a percentage between 0 and 100"));
            } else if (taxRate.stripTrailingZeros().scale() > 4) {
                problems.add(new FieldProblem("taxRate", "may have at most 4 decimals"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The line item has invalid fields", problems);
        }
        return new LineItem(item.id(), item.productId(), item.sku(), name, description, canonical(quantity), unit,
                item.currency(), unitPrice.setScale(digits), discount == null ? null
                : new LineItem.Discount(discount.type(), canonical(discount.value())), taxRate == null ? null : canonical(taxRate));
    }

    private static LineItem withCanonical(LineItem item, BigDecimal quantity, BigDecimal unitPrice, LineItem.Discount discount) {
        return new LineItem(item.id(), null, null, "-", null, quantity, null, item.currency(), unitPrice, discount, null);
    }

    private static boolean money(BigDecimal value, String field, int digits, String currency, List<FieldProblem> problems) {
        if (value.signum() < 0) {
            problems.add(new FieldProblem(field, "must not be negative"));
            return false;
        }
        if (value.stripTrailingZeros().scale() > digits) {
            problems.add(new FieldProblem(field, "may have at most " + digits + " decimals in " + currency));
            return false;
        }
        return true;
    }

    private static BigDecimal canonical(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String text(String value, String field, int max, boolean required, List<FieldProblem> problems) {
        String clean = TextFields.clean(value, field, max, required, field.equals("description"), problems);
        return clean == null && required ? "" : clean;
    }
}

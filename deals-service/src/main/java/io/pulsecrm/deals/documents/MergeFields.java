package io.pulsecrm.deals.documents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The merge fields a template may use, the single source for the check on save ({@link TemplateEngine}), the data a
 * document is rendered from ({@link MergeData}) and the list the template editor offers
 * ({@code GET /api/document-templates/fields}). Amounts and dates are written in the template's locale.
 */
public final class MergeFields {

    /** The section that repeats per line item ({@code {{#lineItems}}...{{/lineItems}}}), and its fields. */
    public static final String LINE_ITEMS = "lineItems";

    public record Field(String name, String description, String section) {
    }

    private static final Map<String, String> TOP = new LinkedHashMap<>();
    private static final Map<String, String> ITEM = new LinkedHashMap<>();

    static {
        TOP.put("document.number", "the document's number, per kind and year (2026-0007)");
        TOP.put("document.date", "the day the document was generated");
        TOP.put("document.kind", "quote, contract, invoice, ...");
        TOP.put("document.name", "the template's name");
        TOP.put("deal.title", "the deal's title");
        TOP.put("deal.amount", "the deal's amount with its currency");
        TOP.put("deal.amountValue", "the deal's amount without the currency");
        TOP.put("deal.currency", "the deal's currency code (EUR)");
        TOP.put("deal.stage", "the deal's stage");
        TOP.put("deal.pipeline", "the deal's pipeline");
        TOP.put("deal.status", "open, won or lost");
        TOP.put("deal.expectedCloseDate", "the expected close date");
        TOP.put("deal.createdAt", "the day the deal was created");
        TOP.put("deal.closedAt", "the day the deal was won or lost");
        TOP.put("deal.source", "where the deal came from");
        TOP.put("deal.customFields.<key>", "a custom field of the deal (e.g. deal.customFields.region)");
        TOP.put("contact.name", "the deal's primary (first) contact: full name");
        TOP.put("contact.firstName", "the primary contact's first name");
        TOP.put("contact.lastName", "the primary contact's last name");
        TOP.put("contact.email", "the primary contact's email");
        TOP.put("contact.role", "the primary contact's role on the deal");
        TOP.put("company.name", "the deal's company");
        TOP.put("owner.name", "the deal's owner (from the user directory)");
        TOP.put("owner.email", "the owner's email");
        TOP.put(LINE_ITEMS, "section repeated for each line item: {{#lineItems}}...{{/lineItems}}");
        TOP.put("totals.net", "sum of the line items before tax");
        TOP.put("totals.tax", "sum of the line items' tax");
        TOP.put("totals.total", "sum of the line items' totals");
        ITEM.put("position", "1, 2, 3, ...");
        ITEM.put("name", "the item's name");
        ITEM.put("sku", "the product's SKU");
        ITEM.put("description", "the item's description");
        ITEM.put("quantity", "the quantity");
        ITEM.put("unit", "the unit (pcs, h, ...)");
        ITEM.put("unitPrice", "the price of one unit");
        ITEM.put("discount", "the discount (10 % or an amount)");
        ITEM.put("taxRate", "the tax rate (20 %)");
        ITEM.put("net", "quantity × unit price − discount");
        ITEM.put("tax", "the item's tax");
        ITEM.put("total", "net + tax");
    }

    private static final String CUSTOM_PREFIX = "deal.customFields.";
    private static final Pattern CUSTOM_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,49}");
    /** Names Mustache itself gives meaning to: the current value and a list's position markers. */
    private static final Set<String> BUILT_IN = Set.of(".", "this", "-first", "-last", "-index");

    private MergeFields() {
    }

    public static List<Field> catalogue() {
        return java.util.stream.Stream.concat(
                TOP.entrySet().stream().map(e -> new Field(e.getKey(), e.getValue(), null)),
                ITEM.entrySet().stream().map(e -> new Field(e.getKey(), e.getValue(), LINE_ITEMS))).toList();
    }

    /** Whether {@code name} means something inside the given sections (innermost last). */
    static boolean known(String name, List<String> openSections) {
        if (BUILT_IN.contains(name) || knownAtTop(name)) {
            return true;
        }
        return openSections.contains(LINE_ITEMS) && ITEM.containsKey(name);
    }

    private static boolean knownAtTop(String name) {
        if (name.startsWith(CUSTOM_PREFIX)) {
            return CUSTOM_KEY.matcher(name.substring(CUSTOM_PREFIX.length())).matches();
        }
        return TOP.containsKey(name) && !name.endsWith(">");
    }

    static String itemFieldNames() {
        return ITEM.keySet().stream().collect(Collectors.joining(", "));
    }
}

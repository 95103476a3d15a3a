package io.pulsecrm.deals.deals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.TextFields;

/** One clean form for deal fields; values that cannot be accepted are refused, naming the field and the reason. */
public final class DealRules {

    static final int MAX_TITLE = 200;
    static final int MAX_ID = 100;
    static final int MAX_CONTACTS = 50;
    // 10^15 minor units still fits a long with room for weighted sums (× 100)
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
    private static final Pattern CUSTOM_KEY = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,49}$");
    static final int MAX_CUSTOM_FIELDS = 50;
    static final int MAX_CUSTOM_TEXT = 1000;

    private DealRules() {
    }

    public static DealDetails normalize(DealDetails raw) {
        List<FieldProblem> problems = new ArrayList<>();
        String title = text(raw.title(), "title", MAX_TITLE, true, problems);
        String ownerId = text(raw.ownerId(), "ownerId", MAX_ID, true, problems);
        String teamId = text(raw.teamId(), "teamId", MAX_ID, false, problems);
        String companyId = text(raw.companyId(), "companyId", MAX_ID, false, problems);
        String source = text(raw.source(), "source", MAX_ID, false, problems);
        String currency = currency(raw.currency(), problems);
        BigDecimal amount = raw.amount();
        if (amount != null) {
            if (amount.signum() < 0) {
                problems.add(new FieldProblem("amount", "must not be negative"));
            } else if (amount.compareTo(MAX_AMOUNT) > 0) {
                problems.add(new FieldProblem("amount", "must be at most " + MAX_AMOUNT.toPlainString()));
            } else if (raw.currency() == null) {
                problems.add(new FieldProblem("currency", "is required with an amount"));
            } else if (currency != null) {
                amount = amount.stripTrailingZeros();
                int digits = Money.digits(currency);
                if (Math.max(0, amount.scale()) > digits) {
                    problems.add(new FieldProblem("amount", currency + " amounts have at most " + digits + " decimal places"));
                } else {
                    amount = amount.setScale(digits);
                }
            }
        }
        List<DealContact> contacts = contacts(raw.contacts(), problems);
        Map<String, Object> customFields = customFields(raw.customFields(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("The deal has invalid fields", problems);
        }
        return new DealDetails(title, amount, currency, ownerId, teamId, companyId, contacts, raw.expectedCloseDate(), source,
                customFields);
    }

    /**
     * Custom fields: flat key → string, number or boolean. Keys are plain identifiers, so they can never be a
     * MongoDB operator or path ({@code $x}, {@code a.b}); integral numbers are kept as whole numbers.
     */
    private static Map<String, Object> customFields(Map<String, Object> raw, List<FieldProblem> problems) {
        Map<String, Object> clean = new TreeMap<>();
        if (raw == null) {
            return clean;
        }
        if (raw.size() > MAX_CUSTOM_FIELDS) {
            problems.add(new FieldProblem("customFields", "at most " + MAX_CUSTOM_FIELDS + " fields"));
            return clean;
        }
        raw.forEach((key, value) -> {
            String field = "customFields." + key;
            if (key == null || !CUSTOM_KEY.matcher(key).matches()) {
                problems.add(new FieldProblem(field, "names start with a letter and contain only letters, digits and _ (at most 50)"));
            } else if (value instanceof String text) {
                String cleanText = text(text, field, MAX_CUSTOM_TEXT, false, problems);
                if (cleanText != null) {
                    clean.put(key, cleanText);
                }
            } else if (value instanceof Boolean) {
                clean.put(key, value);
            } else if (value instanceof Number number) {
                BigDecimal decimal = new BigDecimal(number.toString());
                if (decimal.stripTrailingZeros().scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                    clean.put(key, decimal.longValueExact());
                } else if (Double.isFinite(number.doubleValue())) {
                    clean.put(key, number.doubleValue());
                } else {
                    problems.add(new FieldProblem(field, "is not a finite number"));
                }
            } else if (value != null) {
                problems.add(new FieldProblem(field, "must be a string, number, boolean or null"));
            }
        });
        return clean;
    }

    private static String currency(String value, List<FieldProblem> problems) {
        return currency(value, "currency", problems);
    }

    /** The ISO 4217 code in upper case ({@code eur} → {@code EUR}); null (with a problem on {@code field}) if it is none. */
    public static String currency(String value, String field, List<FieldProblem> problems) {
        if (value == null) {
            return null;
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        if (!CURRENCY.matcher(code).matches()) {
            problems.add(new FieldProblem(field, "must be an ISO 4217 code such as EUR or USD"));
            return null;
        }
        boolean known = Currency.getAvailableCurrencies().stream().anyMatch(c -> c.getCurrencyCode().equals(code));
        if (!known || Currency.getInstance(code).getDefaultFractionDigits() < 0) {
            problems.add(new FieldProblem(field, "'" + InvalidRequestException.echo(code) + "' is not an ISO 4217 currency"));
            return null;
        }
        return code;
    }

    private static List<DealContact> contacts(List<DealContact> contacts, List<FieldProblem> problems) {
        if (contacts == null) {
            return List.of();
        }
        if (contacts.size() > MAX_CONTACTS) {
            problems.add(new FieldProblem("contacts", "at most " + MAX_CONTACTS + " contacts"));
            return List.of();
        }
        List<DealContact> clean = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < contacts.size(); i++) {
            DealContact contact = contacts.get(i);
            if (contact == null) {
                problems.add(new FieldProblem("contacts[" + i + "]", "must be an object"));
                continue;
            }
            String id = text(contact.contactId(), "contacts[" + i + "].contactId", MAX_ID, true, problems);
            String role = contact.role() == null ? "other" : contact.role().strip().toLowerCase(Locale.ROOT);
            if (!DealContact.ROLES.contains(role)) {
                problems.add(new FieldProblem("contacts[" + i + "].role", "must be one of " + DealContact.ROLES));
            }
            if (id != null && !seen.add(id)) {
                problems.add(new FieldProblem("contacts[" + i + "].contactId", "is listed twice"));
            }
            clean.add(new DealContact(id, role));
        }
        return clean;
    }

    static String text(String value, String field, int max, boolean required, List<FieldProblem> problems) {
        return TextFields.clean(value, field, max, required, problems);
    }
}

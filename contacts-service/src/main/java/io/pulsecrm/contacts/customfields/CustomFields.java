package io.pulsecrm.contacts.customfields;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The custom field definitions and the rules for their values. Values are stored as plain JSON-like values:
 * text, url, date (ISO yyyy-MM-dd, so ranges compare as text), select: strings; number: a double; boolean;
 * multi_select: a list of options; money: {@code {"amount": number, "currency": "EUR"}}.
 */
@Component
public class CustomFields {

    public static final Pattern KEY = Pattern.compile("^[a-z][a-zA-Z0-9_]{0,39}$");
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
    private static final int MAX_TEXT = 1000;

    private final MongoTemplate mongo;

    CustomFields(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public List<CustomFieldDefinition> definitions(String objectType) {
        return mongo.find(Query.query(Criteria.where("objectType").is(objectType)).with(Sort.by("key")),
                CustomFieldDefinition.class);
    }

    public Map<String, CustomFieldDefinition> byKey(String objectType) {
        Map<String, CustomFieldDefinition> byKey = new LinkedHashMap<>();
        definitions(objectType).forEach(definition -> byKey.put(definition.key(), definition));
        return byKey;
    }

    /**
     * Checks and normalises values against the definitions. A key without a definition is refused unless it holds
     * the value it already had (its definition was deleted later), which is then dropped.
     */
    public Map<String, Object> normalize(String objectType, Map<String, Object> values, Map<String, Object> current,
                                         List<FieldProblem> problems) {
        Map<String, CustomFieldDefinition> definitions = byKey(objectType);
        Map<String, Object> clean = new LinkedHashMap<>();
        Map<String, Object> given = values == null ? Map.of() : values;
        Map<String, Object> before = current == null ? Map.of() : current;
        for (var entry : given.entrySet()) {
            CustomFieldDefinition definition = definitions.get(entry.getKey());
            String field = "customFields." + entry.getKey();
            if (definition == null) {
                if (!Objects.equals(before.get(entry.getKey()), entry.getValue())) {
                    problems.add(new FieldProblem(field, "is not a defined custom field"));
                }
                continue;
            }
            if (entry.getValue() == null) {
                continue;
            }
            Object value = value(definition, entry.getValue(), field, problems);
            if (value != null) {
                clean.put(entry.getKey(), value);
            }
        }
        for (CustomFieldDefinition definition : definitions.values()) {
            if (definition.required() && !clean.containsKey(definition.key())) {
                problems.add(new FieldProblem("customFields." + definition.key(), "is required"));
            }
        }
        return clean;
    }

    /** A filter value from a query string, converted to the stored form; the key is checked against the definitions. */
    public Criteria filter(String objectType, String key, String raw) {
        CustomFieldDefinition definition = byKey(objectType).get(key);
        if (definition == null || !KEY.matcher(key).matches()) {
            throw InvalidRequestException.field("cf." + key, "is not a defined custom field");
        }
        String path = "customFields." + key;
        List<FieldProblem> problems = new ArrayList<>();
        Object value = switch (definition.type()) {
            case "number" -> value(definition, parseNumber(raw, problems, "cf." + key), "cf." + key, problems);
            case "boolean" -> "true".equals(raw) ? Boolean.TRUE : "false".equals(raw) ? Boolean.FALSE : fail(problems, "cf." + key, "must be true or false");
            case "money" -> null;
            case "multi_select" -> value(definition, raw, "cf." + key, problems);
            default -> value(definition, raw, "cf." + key, problems);
        };
        if ("money".equals(definition.type())) {
            Object amount = parseNumber(raw, problems, "cf." + key);
            if (!problems.isEmpty()) {
                throw new InvalidRequestException("Invalid filter", problems);
            }
            return Criteria.where(path + ".amount").is(amount);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid filter", problems);
        }
        return Criteria.where(path).is(value); // for a list field, equality matches a list containing the value
    }

    private static Object parseNumber(String raw, List<FieldProblem> problems, String field) {
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            return fail(problems, field, "must be a number");
        }
    }

    private static Object fail(List<FieldProblem> problems, String field, String message) {
        problems.add(new FieldProblem(field, message));
        return null;
    }

    private static Object value(CustomFieldDefinition definition, Object raw, String field, List<FieldProblem> problems) {
        switch (definition.type()) {
            case "text" -> {
                if (raw instanceof String text && text.strip().length() <= MAX_TEXT) {
                    return text.strip().isEmpty() ? null : text.strip();
                }
                return fail(problems, field, "must be text of at most " + MAX_TEXT + " characters");
            }
            case "number" -> {
                if (raw instanceof Number number && Double.isFinite(number.doubleValue())) {
                    return number.doubleValue();
                }
                return fail(problems, field, "must be a number");
            }
            case "money" -> {
                if (raw instanceof Map<?, ?> money && money.size() == 2 && money.get("amount") instanceof Number amount
                        && money.get("currency") instanceof String currency
                        && CURRENCY.matcher(currency.toUpperCase(Locale.ROOT)).matches()) {
                    Map<String, Object> clean = new LinkedHashMap<>();
                    clean.put("amount", new BigDecimal(amount.toString()).doubleValue());
                    clean.put("currency", currency.toUpperCase(Locale.ROOT));
                    return clean;
                }
                return fail(problems, field, "must be {\"amount\": number, \"currency\": \"ISO 4217 code\"}");
            }
            case "date" -> {
                try {
                    if (raw instanceof String text) {
                        return LocalDate.parse(text.strip()).toString();
                    }
                } catch (DateTimeParseException e) {
                    // reported below
                }
                return fail(problems, field, "must be a date yyyy-MM-dd");
            }
            case "select" -> {
                if (raw instanceof String text && definition.options().contains(text)) {
                    return text;
                }
                return fail(problems, field, "must be one of " + definition.options());
            }
            case "multi_select" -> {
                if (raw instanceof String text && definition.options().contains(text)) {
                    return text; // a single value is used by filters
                }
                if (raw instanceof List<?> list && list.stream().allMatch(definition.options()::contains)) {
                    return List.copyOf(new LinkedHashSet<>(list));
                }
                return fail(problems, field, "must be a list of values from " + definition.options());
            }
            case "boolean" -> {
                if (raw instanceof Boolean flag) {
                    return flag;
                }
                return fail(problems, field, "must be true or false");
            }
            case "url" -> {
                if (raw instanceof String text && isHttpUrl(text.strip())) {
                    return text.strip();
                }
                return fail(problems, field, "must be an http(s) URL");
            }
            default -> {
                return fail(problems, field, "has an unknown type");
            }
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}

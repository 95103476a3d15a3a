package io.pulsecrm.contacts.customfields;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pulsecrm.contacts.search.ListSort;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The custom field definitions and the rules for their values, the same for every object type (contacts and
 * companies): validation on write, merge patches, list filters ({@code cf.<key>=}), sorts ({@code sort=cf.<key>}) and
 * the text form used by CSV import and export. Values are stored as plain JSON-like values under
 * {@code customFields.<key>}: text, url, date (ISO yyyy-MM-dd, so they sort and compare as text), select: strings;
 * number: a double; boolean; multi_select: a list of options; money: {@code {"amount": number, "currency": "EUR"}}.
 */
@Component
@EnableConfigurationProperties(CustomFieldsProperties.class)
public class CustomFields {

    public static final Pattern KEY = Pattern.compile("^[a-z][a-zA-Z0-9_]{0,39}$");
    /** Prefix of custom fields in query parameters, sorts, CSV columns and import mappings: {@code cf.<key>}. */
    public static final String PREFIX = "cf.";
    private static final Pattern CURRENCY = Pattern.compile("^[A-Z]{3}$");
    /** {@code 1200.50 EUR} or {@code EUR 1200.50} in CSV cells. */
    private static final Pattern MONEY_TEXT = Pattern.compile("^(?:([A-Za-z]{3})\\s*([-+]?[0-9][0-9.]*)|([-+]?[0-9][0-9.]*)\\s*([A-Za-z]{3}))$");
    private static final List<String> TRUE = List.of("true", "yes", "1");
    private static final List<String> FALSE = List.of("false", "no", "0");
    private static final int MAX_TEXT = 1000;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration definitionsTtl;
    /** The definitions each object type's writes were last checked against, and when they were read. */
    private final Map<String, Snapshot> recent = new ConcurrentHashMap<>();

    private record Snapshot(Map<String, CustomFieldDefinition> byKey, Instant readAt) {
    }

    CustomFields(MongoTemplate mongo, Clock clock, CustomFieldsProperties properties) {
        this.mongo = mongo;
        this.clock = clock;
        this.definitionsTtl = properties.definitionsTtl();
    }

    /** The definitions as stored now (lists, exports, imports' mappings: what an admin just changed shows at once). */
    public List<CustomFieldDefinition> definitions(String objectType) {
        return mongo.find(Query.query(Criteria.where("objectType").is(objectType)).with(Sort.by("key")),
                CustomFieldDefinition.class);
    }

    /**
     * The definitions writes are checked against: read at most {@code pulse.contacts.custom-fields.definitions-ttl}
     * ago (every create and update of a contact or company checks its values, and definitions rarely change).
     */
    Map<String, CustomFieldDefinition> forWrites(String objectType) {
        Instant now = clock.instant();
        Snapshot snapshot = recent.get(objectType);
        if (snapshot != null && now.isBefore(snapshot.readAt().plus(definitionsTtl)) && !now.isBefore(snapshot.readAt())) {
            return snapshot.byKey();
        }
        Map<String, CustomFieldDefinition> byKey = Collections.unmodifiableMap(byKey(objectType));
        if (definitionsTtl.isPositive()) {
            recent.put(objectType, new Snapshot(byKey, now));
        }
        return byKey;
    }

    /** A definition of this object type was added, changed or deleted through this replica: its next write reads them. */
    void changed(String objectType) {
        recent.remove(objectType);
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
        Map<String, CustomFieldDefinition> definitions = forWrites(objectType);
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

    /**
     * RFC 7396 for the nested {@code customFields} object of a merge patch: keys present are set, null removes, absent
     * ones are kept. Any other value (null, a non-object) replaces the whole object, as for any other field.
     */
    public static JsonNode mergePatch(JsonNode current, JsonNode patch) {
        if (patch == null || !patch.isObject() || current == null || !current.isObject()) {
            return patch;
        }
        ObjectNode merged = ((ObjectNode) current).deepCopy();
        for (var field : patch.properties()) {
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                merged.set(field.getKey(), field.getValue());
            }
        }
        return merged;
    }

    /** The {@code cf.<key>} query parameters of a request, by key. */
    public static Map<String, String> filterParameters(Map<String, String> parameters) {
        Map<String, String> custom = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                custom.put(name.substring(PREFIX.length()), value);
            }
        });
        return custom;
    }

    /**
     * A list filter {@code cf.<key>=<text>}: equality with the value in its stored form; for multi_select, "contains
     * this option"; for money, the amount. The key is checked against the definitions, so it is safe as a path.
     */
    public Criteria filter(String objectType, String key, String raw) {
        String parameter = PREFIX + key;
        CustomFieldDefinition definition = definition(objectType, key, parameter);
        List<FieldProblem> problems = new ArrayList<>();
        String path = "customFields." + key;
        Criteria criteria = switch (definition.type()) {
            case "money" -> Criteria.where(path + ".amount").is(number(raw, parameter, problems));
            // one option: an array field equals a value when it contains it
            case "multi_select" -> Criteria.where(path).is(value(definition, raw == null ? null : raw.strip(), parameter, problems));
            default -> Criteria.where(path).is(fromText(definition, raw, parameter, problems));
        };
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid filter", problems);
        }
        return criteria;
    }

    /**
     * The sort {@code cf.<key>} (ascending) or {@code -cf.<key>}: by the stored value, money by its amount (whatever
     * the currency), records without a value first when ascending and last when descending. Multi-select fields do
     * not sort (a list has no single place in an order).
     */
    public ListSort sort(String objectType, String param) {
        boolean descending = param.startsWith("-");
        String key = param.substring(descending ? 1 + PREFIX.length() : PREFIX.length());
        CustomFieldDefinition definition = definition(objectType, key, "sort");
        String path = "customFields." + key;
        return switch (definition.type()) {
            case "number" -> new ListSort(param, path, descending, ListSort.Kind.NUMBER);
            case "money" -> new ListSort(param, path + ".amount", descending, ListSort.Kind.NUMBER);
            case "boolean" -> new ListSort(param, path, descending, ListSort.Kind.BOOLEAN);
            case "multi_select" -> throw InvalidRequestException.field("sort", "multi-select field '" + key + "' cannot be sorted by");
            default -> new ListSort(param, path, descending, ListSort.Kind.TEXT);
        };
    }

    /**
     * The value of a CSV cell or query parameter in stored form: numbers as written ({@code 1234.5}), money as
     * {@code 1200.50 EUR} (or {@code EUR 1200.50}), booleans as true/false (yes/no, 1/0), multi-select options
     * separated by {@code ;}, dates as yyyy-MM-dd. Null for a blank cell; problems are reported under {@code field}.
     */
    public static Object fromText(CustomFieldDefinition definition, String text, String field, List<FieldProblem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        return switch (definition.type()) {
            case "number" -> {
                Object number = number(value, field, problems);
                yield number == null ? null : value(definition, number, field, problems);
            }
            case "money" -> {
                Matcher money = MONEY_TEXT.matcher(value);
                if (!money.matches()) {
                    yield fail(problems, field, "must be an amount and an ISO 4217 currency, e.g. 1200.50 EUR");
                }
                String currency = money.group(1) != null ? money.group(1) : money.group(4);
                Object amount = number(money.group(1) != null ? money.group(2) : money.group(3), field, problems);
                yield amount == null ? null : value(definition, Map.of("amount", amount, "currency", currency), field, problems);
            }
            case "boolean" -> {
                String flag = value.toLowerCase(Locale.ROOT);
                yield TRUE.contains(flag) ? Boolean.TRUE : FALSE.contains(flag) ? Boolean.FALSE
                        : fail(problems, field, "must be true or false");
            }
            case "multi_select" -> value(definition, Arrays.stream(value.split(";")).map(String::strip)
                    .filter(option -> !option.isEmpty()).toList(), field, problems);
            default -> value(definition, value, field, problems);
        };
    }

    /** The text form of a stored value, as {@link #fromText} reads it back (CSV export). */
    public static String toText(CustomFieldDefinition definition, Object value) {
        if (value == null) {
            return null;
        }
        return switch (definition.type()) {
            case "number" -> value instanceof Number number ? plain(number) : value.toString();
            case "money" -> value instanceof Map<?, ?> money && money.get("amount") instanceof Number amount
                    ? plain(amount) + " " + money.get("currency") : value.toString();
            case "multi_select" -> value instanceof List<?> options
                    ? String.join(";", options.stream().map(String::valueOf).toList()) : value.toString();
            default -> value.toString();
        };
    }

    private CustomFieldDefinition definition(String objectType, String key, String parameter) {
        CustomFieldDefinition definition = KEY.matcher(key).matches() ? byKey(objectType).get(key) : null;
        if (definition == null) {
            throw InvalidRequestException.field(parameter, "'" + InvalidRequestException.echo(key) + "' is not a defined " + objectType + " custom field");
        }
        return definition;
    }

    private static String plain(Number number) {
        return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }

    private static Object number(String raw, String field, List<FieldProblem> problems) {
        try {
            double number = Double.parseDouble(raw == null ? "" : raw.strip());
            return Double.isFinite(number) ? number : fail(problems, field, "must be a number");
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
                        && Double.isFinite(amount.doubleValue())
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

package io.pulsecrm.platform.test.indexcheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.pulsecrm.platform.test.indexcheck.Condition.And;
import io.pulsecrm.platform.test.indexcheck.Condition.Field;
import io.pulsecrm.platform.test.indexcheck.Condition.Kind;
import io.pulsecrm.platform.test.indexcheck.Condition.Opaque;
import io.pulsecrm.platform.test.indexcheck.Condition.Or;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

/** Turns a MongoDB filter document into a {@link Condition} (an {@link And} of fields, {@code $or}s and opaque parts). */
final class FilterParser {

    /** {@code ^} or {@code \A} followed by a literal character: MongoDB turns it into tight index bounds. */
    private static final Pattern PREFIX_REGEX = Pattern.compile("^(\\^|\\\\A)([\\p{L}\\p{N} _@'-]|\\\\[^dDwWsSbB0-9])");

    private FilterParser() {
    }

    static And parse(BsonDocument filter) {
        List<Condition> conditions = new ArrayList<>();
        if (filter != null) {
            collect(filter, "", conditions);
        }
        return and(conditions);
    }

    /** One condition per field ({@code $and} parts on one field merge into the tightest), in a stable order. */
    private static And and(List<Condition> conditions) {
        Map<String, Field> byPath = new java.util.LinkedHashMap<>();
        List<Condition> merged = new ArrayList<>();
        for (Condition condition : conditions) {
            if (condition instanceof Field field) {
                byPath.merge(field.path(), field, (a, b) -> a.kind().ordinal() <= b.kind().ordinal() ? a : b);
            } else {
                merged.add(condition);
            }
        }
        merged.addAll(byPath.values());
        merged.sort(Comparator.comparing(Condition::render));
        return new And(List.copyOf(merged));
    }

    private static void collect(BsonDocument filter, String prefix, List<Condition> into) {
        for (Map.Entry<String, BsonValue> entry : filter.entrySet()) {
            String key = entry.getKey();
            BsonValue value = entry.getValue();
            switch (key) {
                case "$and" -> value.asArray().forEach(clause -> collect(clause.asDocument(), prefix, into));
                case "$or" -> {
                    List<Condition> branches = new ArrayList<>();
                    for (BsonValue clause : value.asArray()) {
                        List<Condition> branch = new ArrayList<>();
                        collect(clause.asDocument(), prefix, branch);
                        branches.add(and(branch));
                    }
                    if (branches.size() == 1) {
                        into.addAll(((And) branches.getFirst()).conditions());
                    } else {
                        into.add(new Or(List.copyOf(branches)));
                    }
                }
                case "$comment" -> {
                }
                default -> {
                    if (key.startsWith("$")) {
                        into.add(new Opaque(key));
                    } else {
                        field(prefix + key, value, into);
                    }
                }
            }
        }
    }

    private static void field(String path, BsonValue value, List<Condition> into) {
        if (value.isRegularExpression()) {
            into.add(new Field(path, regex(value.asRegularExpression().getPattern(), value.asRegularExpression().getOptions()), null));
            return;
        }
        if (!value.isDocument() || !isOperatorDocument(value.asDocument())) {
            into.add(new Field(path, Kind.EQ, value));
            return;
        }
        BsonDocument operators = value.asDocument();
        if (operators.containsKey("$elemMatch")) {
            BsonDocument match = operators.getDocument("$elemMatch");
            if (isOperatorDocument(match)) {
                field(path, match, into);
            } else {
                // the array's elements are documents: their fields are dotted paths of a multikey index
                collect(match, path + ".", into);
            }
            return;
        }
        into.add(new Field(path, strongest(path, operators), operators.containsKey("$eq") ? operators.get("$eq") : null));
    }

    /** Several operators on one field: the one that bounds an index best decides. */
    private static Kind strongest(String path, BsonDocument operators) {
        Kind best = Kind.SCAN;
        for (Map.Entry<String, BsonValue> operator : operators.entrySet()) {
            Kind kind = switch (operator.getKey()) {
                case "$eq", "$all" -> Kind.EQ;
                case "$in" -> operator.getValue().asArray().size() == 1 ? Kind.EQ : Kind.IN;
                case "$gt", "$gte", "$lt", "$lte" -> Kind.RANGE;
                case "$exists" -> isTrue(operator.getValue()) ? Kind.EXISTS : Kind.EQ;
                case "$regex" -> regex(regexPattern(operator.getValue()), optionsOf(operators));
                default -> Kind.SCAN;
            };
            if (kind.ordinal() < best.ordinal()) {
                best = kind;
            }
        }
        return best;
    }

    private static String regexPattern(BsonValue value) {
        return value.isRegularExpression() ? value.asRegularExpression().getPattern() : value.asString().getValue();
    }

    private static String optionsOf(BsonDocument operators) {
        String options = operators.isString("$options") ? operators.getString("$options").getValue() : "";
        if (operators.get("$regex").isRegularExpression()) {
            options += operators.get("$regex").asRegularExpression().getOptions();
        }
        return options;
    }

    static Kind regex(String pattern, String options) {
        return !options.contains("i") && PREFIX_REGEX.matcher(pattern).find() ? Kind.RANGE : Kind.SCAN;
    }

    private static boolean isTrue(BsonValue value) {
        if (value.isBoolean()) {
            return value.asBoolean().getValue();
        }
        return value.isNumber() ? value.asNumber().doubleValue() != 0 : !(value instanceof BsonNull);
    }

    private static boolean isOperatorDocument(BsonDocument document) {
        return !document.isEmpty() && document.getFirstKey().startsWith("$");
    }
}

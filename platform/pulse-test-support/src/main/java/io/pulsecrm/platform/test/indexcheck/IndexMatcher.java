package io.pulsecrm.platform.test.indexcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.pulsecrm.platform.test.indexcheck.Condition.And;
import io.pulsecrm.platform.test.indexcheck.Condition.Field;
import io.pulsecrm.platform.test.indexcheck.Condition.Kind;
import io.pulsecrm.platform.test.indexcheck.Condition.Or;
import io.pulsecrm.platform.test.indexcheck.QueryShape.SortKey;

/**
 * Decides, as MongoDB's planner would, whether a query shape is served by one of a collection's indexes: the index's
 * leading keys take the filter's equalities ({@code $in} counts as one), then the sort in the index's order or
 * exactly reversed, then a range (the ESR rule). Served means the scan is bounded by the filter (or there is no
 * filter and the index gives the order) and no sort happens in memory. A query on {@code _id} is always served; an
 * {@code $or} is served when each branch is.
 */
final class IndexMatcher {

    /** {@code index} names the serving index, or the closest one when not served; {@code reason} explains. */
    record Verdict(boolean served, String index, String reason) {
        static Verdict served(String index) {
            return new Verdict(true, index, null);
        }

        static Verdict unserved(String index, String reason) {
            return new Verdict(false, index, reason);
        }
    }

    private record Plan(boolean bounded, boolean sorted) {
        boolean serves(boolean filtered) {
            return (bounded || !filtered && sorted) && sorted;
        }
    }

    private IndexMatcher() {
    }

    static Verdict judge(QueryShape shape, List<IndexDefinition> declared) {
        List<IndexDefinition> indexes = new ArrayList<>();
        indexes.add(IndexDefinition.ID);
        indexes.addAll(declared);
        if (shape.metadataCount()) {
            return Verdict.served("collection metadata");
        }
        if (shape.distinctKey() != null && shape.filter().conditions().isEmpty()) {
            for (IndexDefinition index : indexes) {
                if (index.partial() == null && !index.sparse() && index.keys().getFirst().field().equals(shape.distinctKey())) {
                    return Verdict.served(index.name());
                }
            }
            return Verdict.unserved(null, "reads every document for the distinct values of " + shape.distinctKey()
                    + ": no index starts with it");
        }
        return judge(shape.filter(), shape.sort(), indexes);
    }

    /**
     * Whether the embedded store (mongo-java-server) answers the shape from an index: only when the filter names exactly
     * the fields of {@code _id} or of a unique index, each with a value or {@code $in}; it reads the whole collection for
     * anything else, whatever is declared (DESIGN section 13).
     */
    static boolean embeddedServes(QueryShape shape, List<IndexDefinition> declared) {
        if (shape.metadataCount()) {
            return true;
        }
        if (shape.distinctKey() != null || shape.filter().conditions().stream().anyMatch(c -> !(c instanceof Field))) {
            return false;
        }
        Map<String, Field> fields = fields(shape.filter());
        if (fields.isEmpty() || !fields.values().stream().allMatch(IndexMatcher::isPoint)) {
            return false;
        }
        List<IndexDefinition> indexes = new ArrayList<>(declared);
        indexes.add(IndexDefinition.ID);
        return indexes.stream().filter(IndexDefinition::unique)
                .anyMatch(index -> index.keys().stream().map(IndexDefinition.Key::field).collect(Collectors.toSet()).equals(fields.keySet()));
    }

    private static Verdict judge(And filter, List<SortKey> sort, List<IndexDefinition> indexes) {
        Map<String, Field> fields = fields(filter);
        boolean filtered = !filter.conditions().isEmpty();
        if (!filtered && sort.isEmpty()) {
            return Verdict.unserved(null, "reads every document (no filter)");
        }
        Field id = fields.get("_id");
        if (id != null && (id.kind() == Kind.EQ || id.kind() == Kind.IN)) {
            return Verdict.served("_id_");
        }
        IndexDefinition boundedOnly = null;
        for (IndexDefinition index : indexes) {
            Plan plan = plan(index, fields, sort);
            if (plan == null) {
                continue;
            }
            if (plan.serves(filtered)) {
                return Verdict.served(index.name());
            }
            if (plan.bounded() && boundedOnly == null) {
                boundedOnly = index;
            }
        }
        Verdict orVerdict = null;
        for (Condition condition : filter.conditions()) {
            if (condition instanceof Or or) {
                orVerdict = judgeBranches(or, filter, sort, indexes);
                if (orVerdict.served()) {
                    return orVerdict;
                }
            }
        }
        if (boundedOnly == null && orVerdict != null && fields.values().stream().allMatch(f -> f.kind() == Kind.SCAN)) {
            return orVerdict;
        }
        if (boundedOnly != null) {
            return Verdict.unserved(boundedOnly.name(), "sorts in memory: " + boundedOnly.name()
                    + " bounds the filter but its keys do not give the order (equality keys, then the sort keys, then a range)");
        }
        String constrained = fields.values().stream().filter(f -> f.kind() != Kind.SCAN).map(Field::path)
                .collect(Collectors.joining(", "));
        return Verdict.unserved(null, constrained.isEmpty()
                ? "reads every document: nothing in the filter can bound an index scan"
                : "reads every document: no index starts with " + (fields.size() > 1 ? "one of " : "") + constrained
                        + (sort.isEmpty() ? "" : " or gives the order"));
    }

    /** An {@code $or} is answered by one index scan per branch (each with the conditions beside the {@code $or}). */
    private static Verdict judgeBranches(Or or, And filter, List<SortKey> sort, List<IndexDefinition> indexes) {
        List<String> used = new ArrayList<>();
        for (Condition branch : or.branches()) {
            List<Condition> conditions = new ArrayList<>(((And) branch).conditions());
            filter.conditions().stream().filter(c -> c != or && !(c instanceof Or)).forEach(conditions::add);
            Verdict verdict = judge(new And(conditions), sort, indexes);
            if (!verdict.served()) {
                return Verdict.unserved(verdict.index(), "$or branch " + branch.render() + ": " + verdict.reason());
            }
            used.add(verdict.index());
        }
        return Verdict.served(String.join(" | ", used));
    }

    /** How far the index takes the query; null when the index cannot be used at all. */
    private static Plan plan(IndexDefinition index, Map<String, Field> fields, List<SortKey> sort) {
        if (index.keys().stream().anyMatch(key -> key.type() != null && !key.type().equals("hashed"))) {
            return null;
        }
        if (index.partial() != null && !implies(fields, index.partial())) {
            return null;
        }
        if (index.sparse() && index.keys().stream().noneMatch(key -> excludesMissing(fields.get(key.field())))) {
            return null;
        }
        List<IndexDefinition.Key> keys = index.keys();
        int position = 0;
        while (position < keys.size() && isPoint(fields.get(keys.get(position).field()))) {
            position++;
        }
        boolean bounded = position > 0 || position < keys.size() && bounds(index, keys.get(position), fields);
        if (sort.isEmpty()) {
            return new Plan(bounded, true);
        }
        int key = position;
        int direction = 0;
        int next = 0;
        while (next < sort.size()) {
            SortKey wanted = sort.get(next);
            if (key < keys.size() && keys.get(key).field().equals(wanted.field()) && keys.get(key).ordered()) {
                int relative = keys.get(key).direction() * wanted.direction();
                if (direction != 0 && direction != relative) {
                    return new Plan(bounded, false);
                }
                direction = relative;
                key++;
                next++;
            } else if (isEquality(fields.get(wanted.field()))) {
                next++;
            } else if (key < keys.size() && isEquality(fields.get(keys.get(key).field()))) {
                key++;
            } else {
                return new Plan(bounded, false);
            }
        }
        return new Plan(bounded, true);
    }

    private static boolean isPoint(Field field) {
        return field != null && (field.kind() == Kind.EQ || field.kind() == Kind.IN);
    }

    private static boolean isEquality(Field field) {
        return field != null && field.kind() == Kind.EQ;
    }

    private static boolean bounds(IndexDefinition index, IndexDefinition.Key key, Map<String, Field> fields) {
        Field field = fields.get(key.field());
        if (field == null || !key.ordered()) {
            return false;
        }
        return switch (field.kind()) {
            case EQ, IN, RANGE -> true;
            case EXISTS -> index.sparse() || index.partial() != null && fields(index.partial()).containsKey(key.field());
            case SCAN -> false;
        };
    }

    /** A sparse index lacks documents without the field: usable only when the query cannot match those. */
    private static boolean excludesMissing(Field field) {
        if (field == null) {
            return false;
        }
        return switch (field.kind()) {
            case EQ -> field.value() != null && !field.value().isNull();
            case IN, RANGE, EXISTS -> true;
            case SCAN -> false;
        };
    }

    /** Whether every document the query matches is in the partial index (MongoDB's rule, for simple filters). */
    private static boolean implies(Map<String, Field> query, And partial) {
        for (Condition condition : partial.conditions()) {
            if (!(condition instanceof Field required)) {
                return false;
            }
            Field given = query.get(required.path());
            if (given == null) {
                return false;
            }
            boolean implied = switch (required.kind()) {
                case EQ -> given.kind() == Kind.EQ && java.util.Objects.equals(given.value(), required.value());
                case EXISTS -> excludesMissing(given);
                case RANGE -> given.kind() == Kind.EQ || given.kind() == Kind.RANGE;
                case IN, SCAN -> false;
            };
            if (!implied) {
                return false;
            }
        }
        return true;
    }

    /** The top-level field conditions by path; a field constrained twice keeps its tighter kind. */
    private static Map<String, Field> fields(And filter) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (Condition condition : filter.conditions()) {
            if (condition instanceof Field field) {
                fields.merge(field.path(), field, (a, b) -> a.kind().ordinal() <= b.kind().ordinal() ? a : b);
            }
        }
        return fields;
    }
}

package io.pulsecrm.platform.test.indexcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.test.indexcheck.QueryShape.SortKey;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/** Reads the query shapes out of a command as the driver sends it (find, update, delete, findAndModify, count, distinct, aggregate). */
final class CommandShapes {

    record Found(String collection, QueryShape shape) {
    }

    private CommandShapes() {
    }

    static List<Found> of(String commandName, BsonDocument command) {
        BsonValue target = command.get(commandName);
        if (target == null || !target.isString()) {
            return List.of();
        }
        String collection = target.asString().getValue();
        if (collection.startsWith("system.")) {
            return List.of();
        }
        List<Found> found = new ArrayList<>();
        switch (commandName) {
            case "find" -> found.add(new Found(collection,
                    QueryShape.of("find", filter(command, "filter"), sort(command.get("sort")))));
            case "findAndModify" -> found.add(new Found(collection,
                    QueryShape.of("findAndModify", filter(command, "query"), sort(command.get("sort")))));
            case "count" -> {
                Condition.And filter = filter(command, "query");
                found.add(new Found(collection, new QueryShape("count", filter, List.of(), null, filter.conditions().isEmpty())));
            }
            case "distinct" -> found.add(new Found(collection, new QueryShape("distinct", filter(command, "query"), List.of(),
                    command.getString("key").getValue(), false)));
            case "update" -> each(command, "updates", statement ->
                    found.add(new Found(collection, QueryShape.of("update", filter(statement, "q"), sort(statement.get("sort"))))));
            case "delete" -> each(command, "deletes", statement ->
                    found.add(new Found(collection, QueryShape.of("delete", filter(statement, "q"), List.of()))));
            case "aggregate" -> found.add(new Found(collection, aggregate(command.getArray("pipeline", new BsonArray()))));
            default -> {
            }
        }
        return found;
    }

    /** Only the leading {@code $match} and {@code $sort} reach an index; a pipeline starting otherwise reads everything. */
    private static QueryShape aggregate(BsonArray pipeline) {
        Condition.And filter = FilterParser.parse(null);
        List<SortKey> sort = List.of();
        int stage = 0;
        if (stage < pipeline.size() && pipeline.get(stage).asDocument().containsKey("$match")) {
            filter = FilterParser.parse(pipeline.get(stage).asDocument().getDocument("$match"));
            stage++;
        }
        if (stage < pipeline.size() && pipeline.get(stage).asDocument().containsKey("$sort")) {
            sort = sort(pipeline.get(stage).asDocument().get("$sort"));
        }
        return QueryShape.of("aggregate", filter, sort);
    }

    private static void each(BsonDocument command, String field, java.util.function.Consumer<BsonDocument> action) {
        BsonValue statements = command.get(field);
        if (statements != null && statements.isArray()) {
            statements.asArray().forEach(statement -> action.accept(statement.asDocument()));
        }
    }

    private static Condition.And filter(BsonDocument command, String field) {
        return FilterParser.parse(command.isDocument(field) ? command.getDocument(field) : null);
    }

    static List<SortKey> sort(BsonValue sort) {
        if (sort == null || !sort.isDocument()) {
            return List.of();
        }
        List<SortKey> keys = new ArrayList<>();
        for (Map.Entry<String, BsonValue> key : sort.asDocument().entrySet()) {
            // {$meta: ...} and $natural orders are not index orders; they are left out of the shape
            if (key.getValue().isNumber() && !key.getKey().startsWith("$")) {
                keys.add(new SortKey(key.getKey(), key.getValue().asNumber().doubleValue() < 0 ? -1 : 1));
            }
        }
        return keys;
    }

    /** The indexes a {@code createIndexes} command declares. */
    static List<IndexDefinition> declaredIndexes(BsonDocument command) {
        List<IndexDefinition> indexes = new ArrayList<>();
        each(command, "indexes", index -> indexes.add(IndexDefinition.of(index)));
        return indexes;
    }
}

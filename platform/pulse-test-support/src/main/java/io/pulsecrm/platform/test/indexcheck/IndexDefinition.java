package io.pulsecrm.platform.test.indexcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bson.BsonDocument;
import org.bson.BsonValue;

/** One index of a collection as the service declared it ({@code createIndexes}): its keys in order and options. */
record IndexDefinition(String name, List<Key> keys, boolean unique, boolean sparse, Condition.And partial) {

    static final IndexDefinition ID = new IndexDefinition("_id_", List.of(new Key("_id", 1, null)), true, false, null);

    /** {@code direction} is 1 or -1 for an ordered key; {@code type} names a special key ("hashed", "text", "2dsphere"). */
    record Key(String field, int direction, String type) {
        boolean ordered() {
            return type == null;
        }

        @Override
        public String toString() {
            return field + ": " + (type == null ? String.valueOf(direction) : '"' + type + '"');
        }
    }

    static IndexDefinition of(BsonDocument index) {
        List<Key> keys = new ArrayList<>();
        for (Map.Entry<String, BsonValue> key : index.getDocument("key").entrySet()) {
            BsonValue value = key.getValue();
            keys.add(value.isString() ? new Key(key.getKey(), 1, value.asString().getValue())
                    : new Key(key.getKey(), value.asNumber().doubleValue() < 0 ? -1 : 1, null));
        }
        String name = index.isString("name") ? index.getString("name").getValue()
                : keys.stream().map(k -> k.field() + "_" + k.direction()).collect(Collectors.joining("_"));
        boolean unique = index.isBoolean("unique") && index.getBoolean("unique").getValue();
        boolean sparse = index.isBoolean("sparse") && index.getBoolean("sparse").getValue();
        Condition.And partial = index.isDocument("partialFilterExpression")
                ? FilterParser.parse(index.getDocument("partialFilterExpression")) : null;
        return new IndexDefinition(name, List.copyOf(keys), unique, sparse, partial);
    }

    /** Same keys in the same order (names and options aside): one stands for the other. */
    boolean sameKeys(IndexDefinition other) {
        return keys.equals(other.keys) && unique == other.unique && sparse == other.sparse
                && java.util.Objects.equals(partial, other.partial);
    }

    @Override
    public String toString() {
        return name + " {" + keys.stream().map(Key::toString).collect(Collectors.joining(", ")) + "}"
                + (unique ? " unique" : "") + (sparse ? " sparse" : "") + (partial != null ? " partial " + partial.render() : "");
    }
}

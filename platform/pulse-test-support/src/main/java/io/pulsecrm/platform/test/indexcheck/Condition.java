package io.pulsecrm.platform.test.indexcheck;

import java.util.List;
import java.util.stream.Collectors;

import org.bson.BsonValue;

/** A query filter reduced to what decides index use: which fields are constrained, and how. Values are dropped. */
sealed interface Condition {

    /** How a predicate on one field can bound an index scan on that field. */
    enum Kind {
        /** a point: a literal, {@code $eq}, {@code null}, {@code $exists: false}, {@code $all} */
        EQ("eq"),
        /** a set of points ({@code $in}): an equality for the index prefix; MongoDB merges the points for a sort */
        IN("in"),
        /** an interval: {@code $gt/$gte/$lt/$lte}, a case-sensitive regex anchored with {@code ^} */
        RANGE("range"),
        /** {@code $exists: true}: bounds only a sparse or partial index */
        EXISTS("exists"),
        /** {@code $ne/$nin/$not}, an unanchored or case-insensitive regex, {@code $size/$type/$mod}: scans the whole index */
        SCAN("scan");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** {@code value} is the compared literal of an {@link Kind#EQ} (for partial index filters), else null. */
    record Field(String path, Kind kind, BsonValue value) implements Condition {
        @Override
        public String render() {
            return path + ": " + kind.label;
        }
    }

    record And(List<Condition> conditions) implements Condition {
        @Override
        public String render() {
            return "{" + conditions.stream().map(Condition::render).collect(Collectors.joining(", ")) + "}";
        }
    }

    record Or(List<Condition> branches) implements Condition {
        @Override
        public String render() {
            return "$or: [" + branches.stream().map(Condition::render).collect(Collectors.joining(" | ")) + "]";
        }
    }

    /** What no index answers ({@code $expr}, {@code $where}, {@code $nor}, {@code $text} ...): a filter after the fetch. */
    record Opaque(String operator) implements Condition {
        @Override
        public String render() {
            return operator + ": opaque";
        }
    }

    String render();
}

package io.pulsecrm.platform.test.indexcheck;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one command asks the store for, without its values: the command, the filter's fields and how each is
 * constrained, and the sort. Two commands with the same shape are served (or not) by the same index.
 *
 * @param distinctKey the field of a {@code distinct}, else null
 * @param metadataCount a {@code count} without a filter, which MongoDB answers from the collection's metadata
 */
record QueryShape(String command, Condition.And filter, List<SortKey> sort, String distinctKey, boolean metadataCount) {

    record SortKey(String field, int direction) {
        @Override
        public String toString() {
            return field + ": " + direction;
        }
    }

    static QueryShape of(String command, Condition.And filter, List<SortKey> sort) {
        return new QueryShape(command, filter, List.copyOf(sort), null, false);
    }

    /** One line, stable across runs: the key the report counts by and the allow-list names. */
    String render() {
        StringBuilder line = new StringBuilder(command);
        if (distinctKey != null) {
            line.append(' ').append(distinctKey);
        }
        line.append(' ').append(filter.render());
        if (!sort.isEmpty()) {
            line.append(" sort {").append(sort.stream().map(SortKey::toString).collect(Collectors.joining(", "))).append('}');
        }
        return line.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}

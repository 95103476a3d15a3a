package io.pulsecrm.contacts.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import io.pulsecrm.platform.web.CursorPage;
import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * One sort of a keyset-paginated list (contacts, companies): a stored field, a direction, and the kind of value the
 * field holds. Every sort ends with {@code _id}, so the order is total; the cursor carries the sort's name, the last
 * item's value (typed) and its id, and resumes exactly after it. Optional fields (custom fields) may be missing:
 * records without a value come first in ascending order and last in descending order, as the store sorts them.
 *
 * @param param      what the client asked for ({@code lastName}, {@code -cf.seats})
 * @param field      the stored field (a known path: built-in, or {@code customFields.<defined key>})
 * @param descending descending order
 * @param kind       the type of the field's values
 */
public record ListSort(String param, String field, boolean descending, Kind kind) {

    /** The type of a sorted field's values, which tells how the cursor carries them. */
    public enum Kind { ID, TEXT, NUMBER, BOOLEAN, INSTANT }

    private static final String SEPARATOR = "\n";
    private static final String NONE = "~";

    /** Sorting by creation: ids are time-ordered. */
    public static ListSort byId(String param, boolean descending) {
        return new ListSort(param, "_id", descending, Kind.ID);
    }

    /**
     * The sort a client asked for: one of {@code builtIns} by name, or a custom field ({@code cf.<key>},
     * {@code -cf.<key>}) resolved by {@code customField}; blank means the first built-in.
     */
    public static ListSort parse(String value, List<ListSort> builtIns, java.util.function.Function<String, ListSort> customField) {
        if (value == null || value.isBlank()) {
            return builtIns.getFirst();
        }
        String wanted = value.strip();
        if (wanted.startsWith("cf.") || wanted.startsWith("-cf.")) {
            return customField.apply(wanted);
        }
        for (ListSort sort : builtIns) {
            if (sort.param().equals(wanted)) {
                return sort;
            }
        }
        throw InvalidRequestException.field("sort", "must be one of "
                + String.join(", ", builtIns.stream().map(ListSort::param).toList()) + ", cf.<key>, -cf.<key>");
    }

    public Sort order() {
        Sort.Direction direction = descending ? Sort.Direction.DESC : Sort.Direction.ASC;
        return kind == Kind.ID ? Sort.by(direction, "_id") : Sort.by(direction, field, "_id");
    }

    /** The cursor naming the item with this id and this value of the sorted field. */
    public String cursor(String id, Object value) {
        return param + SEPARATOR + encode(value) + SEPARATOR + id;
    }

    /** The value of the sorted field in a record's {@code customFields} (for a {@code customFields.*} sort). */
    public Object customValue(Map<String, Object> customFields) {
        Object value = customFields;
        for (String part : field.substring("customFields.".length()).split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        return value;
    }

    /** The keyset condition "after the last item of the previous page" for this sort. */
    public Criteria after(String cursor) {
        // the value is between the first and the last separator: a text value may hold line breaks itself
        String decoded = CursorPage.decode(cursor);
        int first = decoded.indexOf(SEPARATOR);
        int last = decoded.lastIndexOf(SEPARATOR);
        if (first < 0 || first == last || !decoded.substring(0, first).equals(param)) {
            throw notACursor();
        }
        String id = decoded.substring(last + 1);
        String encodedValue = decoded.substring(first + 1, last);
        Criteria beyondId = descending ? Criteria.where("_id").lt(id) : Criteria.where("_id").gt(id);
        if (kind == Kind.ID) {
            return beyondId;
        }
        Object value = decode(encodedValue);
        List<Criteria> any = new ArrayList<>();
        if (value == null) {
            // missing values come first ascending (then every record with a value), last descending
            any.add(new Criteria().andOperator(Criteria.where(field).is(null), beyondId));
            if (!descending) {
                any.add(Criteria.where(field).ne(null));
            }
        } else {
            any.add(descending ? Criteria.where(field).lt(value) : Criteria.where(field).gt(value));
            any.add(new Criteria().andOperator(Criteria.where(field).is(value), beyondId));
            if (descending) {
                any.add(Criteria.where(field).is(null));
            }
        }
        return new Criteria().orOperator(any);
    }

    private String encode(Object value) {
        if (value == null || kind == Kind.ID) {
            return NONE;
        }
        return switch (kind) {
            case NUMBER -> value instanceof Number number ? "n:" + number.doubleValue() : NONE;
            case BOOLEAN -> value instanceof Boolean flag ? "b:" + flag : NONE;
            case INSTANT -> value instanceof Instant instant ? "t:" + instant.toEpochMilli()
                    : value instanceof Date date ? "t:" + date.getTime() : NONE;
            default -> value instanceof String text ? "s:" + text : NONE;
        };
    }

    private Object decode(String encoded) {
        if (NONE.equals(encoded)) {
            return null;
        }
        String prefix = switch (kind) {
            case NUMBER -> "n:";
            case BOOLEAN -> "b:";
            case INSTANT -> "t:";
            default -> "s:";
        };
        if (!encoded.startsWith(prefix)) {
            throw notACursor(); // e.g. a custom field that was defined again with another type
        }
        String raw = encoded.substring(2);
        try {
            return switch (kind) {
                case NUMBER -> Double.parseDouble(raw);
                case BOOLEAN -> Boolean.parseBoolean(raw);
                case INSTANT -> Date.from(Instant.ofEpochMilli(Long.parseLong(raw)));
                default -> raw;
            };
        } catch (NumberFormatException e) {
            throw notACursor();
        }
    }

    private InvalidRequestException notACursor() {
        return InvalidRequestException.field("cursor", "is not a cursor returned by this API for sort " + param);
    }
}

package io.pulsecrm.platform.web;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * Keyset pagination newest first, on a timestamp field with the id as tie-breaker: inboxes, logs, timelines.
 * The cursor encodes the last item's (time, id), so pages stay stable while new items arrive at the top.
 */
public final class NewestFirst {

    private static final char SEPARATOR = '|';

    private final String timeField;

    public NewestFirst(String timeField) {
        this.timeField = timeField;
    }

    public Sort sort() {
        return Sort.by(Sort.Order.desc(timeField), Sort.Order.desc("_id"));
    }

    /**
     * Items strictly older than the cursor's position.
     *
     * @throws InvalidRequestException when the cursor was not produced by this API
     */
    public Criteria after(String cursor) {
        String key = CursorPage.decode(cursor);
        int separator = key.indexOf(SEPARATOR);
        Instant at;
        try {
            at = Instant.ofEpochMilli(Long.parseLong(key.substring(0, Math.max(separator, 0))));
        } catch (NumberFormatException e) {
            throw InvalidRequestException.field("cursor", "is not a cursor returned by this API");
        }
        String id = key.substring(separator + 1);
        return new Criteria().orOperator(Criteria.where(timeField).lt(at),
                Criteria.where(timeField).is(at).and("_id").lt(id));
    }

    /** The page from up to {@code limit + 1} items fetched in {@link #sort()} order. */
    public <T> CursorPage<T> page(List<T> fetched, int limit, Function<T, Instant> time, Function<T, String> id) {
        return CursorPage.of(fetched, limit, item -> time.apply(item).toEpochMilli() + String.valueOf(SEPARATOR) + id.apply(item));
    }
}

package io.pulsecrm.platform.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a keyset-paginated list. The cursor is opaque to clients; it encodes the sort key of the
 * last item, so pages stay stable while records are added.
 */
public record CursorPage<T>(List<T> items, String nextCursor) {

    public static String encode(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastKey.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws InvalidRequestException when the cursor was not produced by this API */
    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.field("cursor", "is not a cursor returned by this API");
        }
    }

    /** Builds the page from up to {@code limit + 1} fetched items; the extra one only tells that more exist. */
    public static <T> CursorPage<T> of(List<T> fetched, int limit, java.util.function.Function<T, String> key) {
        if (fetched.size() <= limit) {
            return new CursorPage<>(fetched, null);
        }
        List<T> page = fetched.subList(0, limit);
        return new CursorPage<>(List.copyOf(page), encode(key.apply(page.get(limit - 1))));
    }

    /** Takes the items of a list one by one, e.g. to write them to a download. */
    @FunctionalInterface
    public interface ItemSink<T> {
        void accept(T item) throws IOException;
    }

    /**
     * Every item of a keyset-paginated list, a page at a time (an export holds one page, however long the list):
     * {@code pages} answers the page after a cursor, the first page for null.
     */
    public static <T> void forEach(java.util.function.Function<String, CursorPage<T>> pages, ItemSink<T> sink)
            throws IOException {
        String cursor = null;
        do {
            CursorPage<T> page = pages.apply(cursor);
            for (T item : page.items()) {
                sink.accept(item);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
    }
}

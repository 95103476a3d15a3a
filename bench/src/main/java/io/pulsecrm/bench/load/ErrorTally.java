package io.pulsecrm.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts errors by message, keeping a few distinct messages so the report can say what went wrong
 * without printing thousands of lines. One per worker; merged at the end.
 */
final class ErrorTally {

    private static final int DISTINCT_MESSAGES_KEPT = 5;
    private static final int MESSAGE_LENGTH = 200;

    private final Map<String, Long> countsByMessage = new LinkedHashMap<>();
    private long total;

    void add(Throwable error) {
        total++;
        String message = describe(error);
        if (countsByMessage.containsKey(message) || countsByMessage.size() < DISTINCT_MESSAGES_KEPT) {
            countsByMessage.merge(message, 1L, Long::sum);
        }
    }

    void addAll(ErrorTally other) {
        total += other.total;
        other.countsByMessage.forEach((message, count) -> {
            if (countsByMessage.containsKey(message) || countsByMessage.size() < DISTINCT_MESSAGES_KEPT) {
                countsByMessage.merge(message, count, Long::sum);
            }
        });
    }

    long total() {
        return total;
    }

    Map<String, Long> samples() {
        return Map.copyOf(countsByMessage);
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null && error.getMessage() == null ? error.getCause() : error;
        String message = cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
        return message.length() > MESSAGE_LENGTH ? message.substring(0, MESSAGE_LENGTH) + "..." : message;
    }
}

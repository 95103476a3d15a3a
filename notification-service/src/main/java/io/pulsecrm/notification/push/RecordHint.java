package io.pulsecrm.notification.push;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a client is told about a change: a record of {@code type} ({@code contact}, {@code company}, {@code deal},
 * {@code pipeline}, {@code task}, {@code activity}) changed, now at {@code version}. Nothing of its content: a client
 * that shows such records fetches them again through the API, which applies the caller's visibility as always.
 * {@code related} names records whose views show this one (a task's contact and deal, a deal's contacts: their
 * timelines). A hint without {@code id} stands for many changes of the type at once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RecordHint(String type, String id, Long version, List<Ref> related) {

    /** A record by type and id. */
    public record Ref(String type, String id) {
    }

    public RecordHint {
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** Many changes of one type, told at once when a client falls behind. */
    static RecordHint anyOf(String type) {
        return new RecordHint(type, null, null, List.of());
    }
}

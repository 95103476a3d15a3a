package io.pulsecrm.contacts.access;

import java.util.List;

import io.pulsecrm.platform.history.HistoryEntry;

/**
 * Body of {@code GET /api/<records>/{id}/history}: the record's change history, newest first, each entry naming
 * the event, the actor, the time and the fields it changed from what to what.
 */
public record HistoryPage(List<HistoryEntry> items) {
}

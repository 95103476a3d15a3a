package io.pulsecrm.notification.push;

/** A changed record: what its watchers are told, and who they are. */
public record RecordChange(RecordHint hint, RecordAudience audience) {
}

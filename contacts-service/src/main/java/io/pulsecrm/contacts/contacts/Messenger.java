package io.pulsecrm.contacts.contacts;

/** A messenger handle, e.g. {@code {"type":"telegram","handle":"@ada"}}. */
public record Messenger(String type, String handle) {
}

package io.pulsecrm.platform.files;

import java.util.Objects;

/**
 * The record a file is kept with: its type as the owning service names it ({@code "contact"}, {@code "deal"}) and id.
 * Files never outlive their owner's visibility rules: the service checks access to the record, the store only keys by it.
 */
public record FileOwner(String recordType, String recordId) {

    public FileOwner {
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(recordId, "recordId");
        if (recordType.isBlank() || recordId.isBlank()) {
            throw new IllegalArgumentException("A file owner needs a record type and id");
        }
    }
}

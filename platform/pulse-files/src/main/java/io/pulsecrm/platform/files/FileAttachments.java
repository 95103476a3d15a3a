package io.pulsecrm.platform.files;

import java.io.InputStream;
import java.util.function.Consumer;

/** Attaching a file to a record: the file and the record's event both happen, or neither does. */
public final class FileAttachments {

    private FileAttachments() {
    }

    /**
     * Stores the file (checked by the upload guard), then lets {@code recordEvent} record the attach event on the
     * record. When that fails (the record was deleted meanwhile, kept changing), the file is removed again and the
     * failure passes on: the caller may simply retry.
     */
    public static StoredFile attach(FileStore files, FileOwner owner, String filename, String contentType,
                                    InputStream content, String uploadedBy, Consumer<StoredFile> recordEvent) {
        StoredFile stored = files.store(owner, filename, contentType, content, uploadedBy);
        try {
            recordEvent.accept(stored);
        } catch (RuntimeException e) {
            files.delete(owner, stored.id());
            throw e;
        }
        return stored;
    }
}

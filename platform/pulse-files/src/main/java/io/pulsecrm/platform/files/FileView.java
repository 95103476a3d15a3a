package io.pulsecrm.platform.files;

import java.time.Instant;

/** A file as the API shows it: {@code GET .../files}, {@code .../files/{fileId}} and the answer to an upload. */
public record FileView(String id, String filename, String contentType, long size, String sha256, String uploadedBy,
                       Instant uploadedAt) {

    public static FileView of(StoredFile file) {
        return new FileView(file.id(), file.filename(), file.contentType(), file.size(), file.sha256(),
                file.uploadedBy(), file.uploadedAt());
    }
}

package io.pulsecrm.platform.files;

import java.time.Instant;

/**
 * A file as stored: what was checked and computed at upload, never changed afterwards.
 *
 * @param filename    the sanitised name (no path, no control characters), as shown and offered for download
 * @param contentType the verified type (declared, extension and bytes agree), never a type off the allow-list
 * @param sha256      lowercase hex digest of the bytes; the download's entity tag
 */
public record StoredFile(String id, FileOwner owner, String filename, String contentType, long size, String sha256,
                         String uploadedBy, Instant uploadedAt) {
}

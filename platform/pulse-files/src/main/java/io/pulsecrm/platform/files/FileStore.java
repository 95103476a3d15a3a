package io.pulsecrm.platform.files;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where a record's files live. Every upload goes through the {@link UploadGuard} (size limit, sniffed content type
 * against the declared one and the extension, allow-list), so a stored file is always one the platform accepts.
 * Implementations stream: neither an upload nor a download is held in memory whole.
 */
public interface FileStore {

    /**
     * Stores {@code content} for {@code owner}.
     *
     * @param contentType the type the client declared (may be null or {@code application/octet-stream}: then the name
     *                    and the bytes decide)
     * @throws FileRejectedException when the file is too large, empty, mislabelled or of a type not allowed;
     *                               nothing is kept then
     */
    StoredFile store(FileOwner owner, String filename, String contentType, InputStream content, String uploadedBy);

    /** The owner's files, oldest first. */
    List<StoredFile> list(FileOwner owner);

    /** The file with this id if it belongs to {@code owner} (an id of another record's file is not found). */
    Optional<StoredFile> find(FileOwner owner, String fileId);

    /** The file's bytes; the caller closes the stream. */
    InputStream open(StoredFile file);

    /** Removes the owner's file; nothing happens when there is no such file. */
    void delete(FileOwner owner, String fileId);

    /** Removes every file of the owner (the record was deleted or erased). */
    void deleteAll(FileOwner owner);
}

package io.pulsecrm.platform.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;

import io.pulsecrm.platform.web.Problems;

/**
 * The files of one kind of record, at {@code <record path>/{id}/files}: list, upload (multipart, part {@code file}),
 * metadata, download ({@code /content}) and delete. A subclass maps the record path and says who may see the record
 * (then they may list and download) and change it (upload, delete), both answering 404 for a record the caller may
 * not see, and records the attach and remove events on the record. The HTTP shape is the same for every record.
 */
public abstract class RecordFilesController {

    private final FileStore files;
    private final String recordType;

    protected RecordFilesController(FileStore files, String recordType) {
        this.files = files;
        this.recordType = recordType;
    }

    /** Throws the service's 404 when the record is missing or the caller may not see it. */
    protected abstract void requireVisible(String recordId);

    /**
     * Throws the service's 404 (or 403) when the caller may not change the record's files; by default whoever may see
     * the record may.
     */
    protected void requireEditable(String recordId) {
        requireVisible(recordId);
    }

    /** Who is uploading (the caller's actor id), as shown beside the file. */
    protected abstract String uploader();

    /** Records the attach event on the record; a failure here undoes the upload. */
    protected abstract void attached(String recordId, StoredFile file);

    /** Records the remove event on the record, after the file is gone. */
    protected abstract void removed(String recordId, StoredFile file);

    /** The record's path prefix, e.g. {@code /api/deals}, for the Location of a new file. */
    protected abstract String recordPath();

    public record FileList(List<FileView> items) {
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public FileList list(@PathVariable String id) {
        requireVisible(id);
        return new FileList(files.list(owner(id)).stream().map(FileView::of).toList());
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<FileView> upload(@PathVariable String id, @RequestPart("file") MultipartFile file) {
        requireEditable(id);
        StoredFile stored;
        try (InputStream content = file.getInputStream()) {
            stored = FileAttachments.attach(files, owner(id), file.getOriginalFilename(), file.getContentType(), content,
                    uploader(), attachedFile -> attached(id, attachedFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ResponseEntity.created(URI.create(recordPath() + "/" + id + "/files/" + stored.id()))
                .eTag(FileDownloads.etag(stored)).body(FileView.of(stored));
    }

    @GetMapping(path = "/{fileId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<FileView> metadata(@PathVariable String id, @PathVariable String fileId) {
        requireVisible(id);
        StoredFile file = visibleFile(id, fileId);
        return ResponseEntity.ok().eTag(FileDownloads.etag(file)).body(FileView.of(file));
    }

    @GetMapping(path = "/{fileId}/content", produces = MediaType.ALL_VALUE)
    public ResponseEntity<InputStreamResource> download(@PathVariable String id, @PathVariable String fileId,
                                                        @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
                                                        String ifNoneMatch) {
        requireVisible(id);
        return FileDownloads.download(files, visibleFile(id, fileId), ifNoneMatch);
    }

    @DeleteMapping("/{fileId}")
    public ResponseEntity<Void> delete(@PathVariable String id, @PathVariable String fileId) {
        requireEditable(id);
        StoredFile file = visibleFile(id, fileId);
        files.delete(owner(id), fileId);
        removed(id, file);
        return ResponseEntity.noContent().build();
    }

    private StoredFile visibleFile(String recordId, String fileId) {
        return files.find(owner(recordId), fileId).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND,
                Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                        "No file " + fileId + " on " + recordType + " " + recordId), null));
    }

    protected FileOwner owner(String recordId) {
        return new FileOwner(recordType, recordId);
    }
}

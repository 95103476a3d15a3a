package io.pulsecrm.platform.files;

import java.io.InputStream;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The answer to a download: the bytes streamed with headers that make a browser save them, never render them. */
public final class FileDownloads {

    private FileDownloads() {
    }

    /** The file's entity tag: its SHA-256, strong (identical bytes). */
    public static String etag(StoredFile file) {
        return "\"" + file.sha256() + "\"";
    }

    /**
     * 200 with the bytes streamed from the store, or 304 when {@code ifNoneMatch} names the file's tag. Sent as an
     * attachment with {@code X-Content-Type-Options: nosniff}, so even an allowed type is never run as a page.
     */
    public static ResponseEntity<InputStreamResource> download(FileStore store, StoredFile file, String ifNoneMatch) {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(etag(file));
        headers.set(HttpHeaders.CONTENT_DISPOSITION, FileNames.attachment(file.filename()));
        headers.set("X-Content-Type-Options", "nosniff");
        // private: visibility follows the record, so no shared cache may keep it
        headers.setCacheControl("private, no-cache");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag(file)) || ifNoneMatch.strip().equals("*"))) {
            return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
        }
        headers.setContentType(MediaType.parseMediaType(file.contentType()));
        headers.setContentLength(file.size());
        InputStream content = store.open(file);
        return new ResponseEntity<>(new InputStreamResource(content) {
            @Override
            public long contentLength() {
                return file.size();
            }

            @Override
            public String getFilename() {
                return null; // the Content-Disposition above is the only one
            }
        }, headers, HttpStatus.OK);
    }
}

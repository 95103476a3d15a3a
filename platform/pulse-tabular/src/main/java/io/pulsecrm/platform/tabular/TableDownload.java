package io.pulsecrm.platform.tabular;

import java.io.IOException;

import io.pulsecrm.platform.web.InvalidRequestException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * An export as an HTTP download: the options are checked while the request can still get a 400 problem naming the
 * parameter, then the rows are written straight to the response ({@link ExportOptions#open}), so nothing beyond a page
 * of records is held. The rows are written by another thread than the request's: whatever depends on the caller
 * (their visibility) must be decided before {@link #of} and captured by {@code rows}.
 */
public final class TableDownload {

    /** Writes the header and the rows. */
    @FunctionalInterface
    public interface Rows {
        void writeTo(TableWriter writer) throws IOException;
    }

    private TableDownload() {
    }

    /** @throws InvalidRequestException when the options are not ones an export writes */
    public static ResponseEntity<StreamingResponseBody> of(String baseName, ExportOptions options, Rows rows) {
        check(options);
        StreamingResponseBody body = out -> {
            try (TableWriter writer = options.open(out)) {
                rows.writeTo(writer);
            }
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + options.fileName(baseName) + "\"")
                .contentType(MediaType.parseMediaType(options.mediaType()))
                .body(body);
    }

    /**
     * For an export that reads before it calls {@link #of} (to refuse a bad filter with a 400): refuses bad options
     * first, so nothing is read for a request that cannot be answered.
     *
     * @throws InvalidRequestException naming the option that is not one an export writes
     */
    public static void check(ExportOptions options) {
        try {
            options.check();
        } catch (TabularException e) {
            throw InvalidRequestException.field(e.field(), e.getMessage());
        }
    }
}

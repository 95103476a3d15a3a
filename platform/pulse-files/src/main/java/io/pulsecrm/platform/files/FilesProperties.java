package io.pulsecrm.platform.files;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param store        where files are kept. Only {@code gridfs} (the service's own MongoDB database) exists today;
 *                     an S3-compatible store would be a second {@link FileStore} selected here
 * @param maxSize      larger uploads are refused with 413 while they stream in (never buffered whole)
 * @param bucket       the GridFS bucket: collections {@code <bucket>.files} and {@code <bucket>.chunks}
 * @param chunkSize    GridFS chunk size (MongoDB's default 255 KiB keeps chunks far below the document limit)
 * @param allowedTypes the media types accepted (exact types after sniffing; a type's subtypes are not implied,
 *                     so allowing zip does not allow a jar). Executables and scripts are refused whatever this says.
 *                     Unset: {@link #DEFAULT_ALLOWED_TYPES}
 */
@ConfigurationProperties("pulse.files")
public record FilesProperties(
        @DefaultValue("gridfs") Store store,
        @DefaultValue("25MB") DataSize maxSize,
        @DefaultValue("files") String bucket,
        @DefaultValue("255KB") DataSize chunkSize,
        List<String> allowedTypes) {

    /** Documents, images, text and CSV, office formats, zip archives and saved e-mails. */
    public static final List<String> DEFAULT_ALLOWED_TYPES = List.of(
            "application/pdf",
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff", "image/heic",
            "text/plain", "text/csv",
            "application/rtf",
            "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.presentation",
            "application/zip",
            "message/rfc822");

    public enum Store {
        GRIDFS
    }

    public FilesProperties {
        if (maxSize.toBytes() < 1) {
            throw new IllegalArgumentException("pulse.files.max-size must be positive");
        }
        if (chunkSize.toBytes() < 1024 || chunkSize.toBytes() > 8 * 1024 * 1024) {
            throw new IllegalArgumentException("pulse.files.chunk-size must be between 1KB and 8MB");
        }
        if (bucket == null || !bucket.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("pulse.files.bucket must be a plain collection name prefix");
        }
        allowedTypes = allowedTypes == null || allowedTypes.isEmpty() ? DEFAULT_ALLOWED_TYPES : List.copyOf(allowedTypes);
    }

    public static FilesProperties defaults() {
        return new FilesProperties(Store.GRIDFS, DataSize.ofMegabytes(25), "files", DataSize.ofKilobytes(255), null);
    }
}

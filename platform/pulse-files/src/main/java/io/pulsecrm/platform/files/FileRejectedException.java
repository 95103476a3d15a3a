package io.pulsecrm.platform.files;

/** An upload the platform does not keep, and why, in the uploader's terms. Answered as problem+json. */
public class FileRejectedException extends RuntimeException {

    public enum Reason {
        /** larger than {@code pulse.files.max-size}: 413 */
        TOO_LARGE(413, "file-too-large", "File too large"),
        /** no bytes at all: 422 */
        EMPTY(422, "file-empty", "Empty file"),
        /** the bytes are not what the declared type or the extension says: 415 */
        TYPE_MISMATCH(415, "file-type-mismatch", "File content does not match its type"),
        /** an executable or script: 415 */
        EXECUTABLE(415, "file-executable", "Executable files are not accepted"),
        /** a type off the allow-list: 415 */
        TYPE_NOT_ALLOWED(415, "file-type-not-allowed", "File type not accepted");

        private final int status;
        private final String slug;
        private final String title;

        Reason(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String slug() {
            return slug;
        }

        public String title() {
            return title;
        }
    }

    private final Reason reason;
    private final String declaredType;
    private final String detectedType;
    private final Long maxBytes;

    public FileRejectedException(Reason reason, String detail, String declaredType, String detectedType, Long maxBytes) {
        super(detail);
        this.reason = reason;
        this.declaredType = declaredType;
        this.detectedType = detectedType;
        this.maxBytes = maxBytes;
    }

    static FileRejectedException tooLarge(long maxBytes) {
        return new FileRejectedException(Reason.TOO_LARGE,
                "The file exceeds the limit of " + maxBytes + " bytes", null, null, maxBytes);
    }

    public Reason reason() {
        return reason;
    }

    /** What the client said the file is (the declared type, or what its extension means), when that mattered. */
    public String declaredType() {
        return declaredType;
    }

    /** What the bytes are, when that mattered. */
    public String detectedType() {
        return detectedType;
    }

    public Long maxBytes() {
        return maxBytes;
    }
}

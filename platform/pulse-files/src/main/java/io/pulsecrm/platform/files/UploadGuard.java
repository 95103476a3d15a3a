package io.pulsecrm.platform.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides what an upload is from its first bytes (Apache Tika's magic detection), and whether the platform keeps it:
 * the declared type and the extension must both agree with the bytes (equal, or a specialisation of what the bytes
 * show, as a .docx is a zip), the result must be on the allow-list, and executables and scripts are refused.
 */
public class UploadGuard {

    private static final MediaType UNKNOWN = MediaType.OCTET_STREAM;
    // programs and scripts, and everything Tika knows as a kind of one
    private static final List<MediaType> EXECUTABLES = List.of(
            "application/x-msdownload", "application/x-elf", "application/x-mach-o", "application/x-mach-o-universal",
            "application/java-archive", "application/java-vm", "application/x-ms-installer", "application/x-sh",
            "application/x-bat", "application/x-csh", "application/x-msdos-program", "application/javascript",
            "text/javascript", "application/x-powershell", "text/x-vbscript", "application/x-ms-shortcut",
            "application/x-apple-diskimage", "application/vnd.android.package-archive", "text/x-python",
            "application/x-httpd-php", "text/x-perl")
            .stream().map(MediaType::parse).toList();

    private final MimeTypes types = MimeTypes.getDefaultMimeTypes();
    private final MediaTypeRegistry registry = types.getMediaTypeRegistry();
    private final Set<MediaType> allowed;

    public UploadGuard(List<String> allowedTypes) {
        this.allowed = allowedTypes.stream().map(MediaType::parse).map(registry::normalize).collect(Collectors.toSet());
    }

    /** What was decided about an upload: the type it is stored with. */
    public record Verdict(String contentType) {
    }

    /**
     * Checks the upload from the start of {@code content}, which must support mark/reset (the bytes read for
     * detection are given back). Throws {@link FileRejectedException} for anything not kept.
     */
    public Verdict check(String filename, String declaredType, BufferedInputStream content) {
        MediaType detected = detect(content);
        MediaType declared = parse(declaredType);
        MediaType byName = byName(filename);
        if (isExecutable(detected) || isExecutable(declared) || isExecutable(byName)) {
            throw new FileRejectedException(FileRejectedException.Reason.EXECUTABLE,
                    "Programs and scripts cannot be attached (" + describe(declared, byName, detected) + ")",
                    text(declared != null ? declared : byName), text(detected), null);
        }
        if (declared != null && !agrees(declared, detected)) {
            throw mismatch("declared as " + declared + " but its content is " + detected, declared, detected);
        }
        if (byName != null && !agrees(byName, detected)) {
            throw mismatch("named \"" + filename + "\" (" + byName + ") but its content is " + detected, byName, detected);
        }
        MediaType effective = mostSpecific(detected, declared, byName);
        if (!allowed.contains(effective)) {
            throw new FileRejectedException(FileRejectedException.Reason.TYPE_NOT_ALLOWED,
                    "Files of type " + effective + " are not accepted", text(declared), text(effective), null);
        }
        return new Verdict(effective.toString());
    }

    private MediaType detect(BufferedInputStream content) {
        try {
            // no name in the metadata: the bytes alone speak here, the name is checked against them afterwards
            return registry.normalize(types.detect(content, new Metadata()).getBaseType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MediaType parse(String declaredType) {
        if (declaredType == null || declaredType.isBlank()) {
            return null;
        }
        MediaType type = MediaType.parse(declaredType.strip());
        // browsers send octet-stream for any extension they do not know: it says nothing
        return type == null || type.getBaseType().equals(UNKNOWN) ? null : registry.normalize(type.getBaseType());
    }

    private MediaType byName(String filename) {
        MediaType type = types.getMimeType(filename == null ? "" : filename).getType();
        return type.equals(UNKNOWN) ? null : type;
    }

    private boolean agrees(MediaType claimed, MediaType detected) {
        return claimed.equals(detected) || (!detected.equals(UNKNOWN) && registry.isSpecializationOf(claimed, detected));
    }

    private boolean isExecutable(MediaType type) {
        return type != null && EXECUTABLES.stream().anyMatch(exe -> type.equals(exe) || registry.isSpecializationOf(type, exe));
    }

    private MediaType mostSpecific(MediaType detected, MediaType declared, MediaType byName) {
        MediaType best = detected;
        for (MediaType claimed : new MediaType[] {byName, declared}) {
            if (claimed != null && registry.isSpecializationOf(claimed, best)) {
                best = claimed;
            }
        }
        return best;
    }

    private static FileRejectedException mismatch(String detail, MediaType claimed, MediaType detected) {
        return new FileRejectedException(FileRejectedException.Reason.TYPE_MISMATCH, "The file is " + detail,
                claimed.toString(), detected.toString(), null);
    }

    private static String describe(MediaType declared, MediaType byName, MediaType detected) {
        return "content " + detected + (declared != null ? ", declared " + declared : "")
                + (byName != null ? ", extension " + byName : "");
    }

    private static String text(MediaType type) {
        return type == null ? null : type.toString();
    }
}

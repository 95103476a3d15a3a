package io.pulsecrm.platform.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/** File names as people give them, made safe to store, show and put in a Content-Disposition header. */
public final class FileNames {

    /** Longest name kept, in characters; longer names keep their extension. */
    public static final int MAX_LENGTH = 200;

    private static final String FALLBACK = "file";

    private FileNames() {
    }

    /**
     * The name without any path (browsers on Windows once sent {@code C:\...}), control or bidi-override characters,
     * in NFC, trimmed of dots and blanks at the ends, at most {@link #MAX_LENGTH} characters. Never blank.
     */
    public static String sanitise(String name) {
        if (name == null) {
            return FALLBACK;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder(base.length());
        Normalizer.normalize(base, Normalizer.Form.NFC).codePoints()
                .filter(c -> !Character.isISOControl(c) && !isFormatting(c))
                .forEach(clean::appendCodePoint);
        String trimmed = clean.toString().strip().replaceAll("^[.\\s]+|[.\\s]+$", "");
        if (trimmed.isEmpty()) {
            return FALLBACK;
        }
        if (trimmed.codePointCount(0, trimmed.length()) <= MAX_LENGTH) {
            return trimmed;
        }
        int dot = trimmed.lastIndexOf('.');
        String extension = dot > 0 && trimmed.length() - dot <= 16 ? trimmed.substring(dot) : "";
        String stem = trimmed.substring(0, trimmed.length() - extension.length());
        return stem.substring(0, stem.offsetByCodePoints(0, MAX_LENGTH - extension.length())) + extension;
    }

    // bidi overrides and zero-width characters disguise extensions ("invoice\u202Efdp.exe")
    private static boolean isFormatting(int c) {
        return Character.getType(c) == Character.FORMAT;
    }

    /**
     * {@code attachment} with the name twice (RFC 6266): an ASCII {@code filename} for old clients and a UTF-8
     * {@code filename*} (RFC 8187, formerly 5987) that every current browser prefers, so "Договор №1.pdf" arrives intact.
     */
    public static String attachment(String filename) {
        String name = sanitise(filename);
        return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncode(name);
    }

    static String asciiFallback(String name) {
        String stripped = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder ascii = new StringBuilder(stripped.length());
        stripped.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%'
                ? (char) c : '_'));
        return ascii.toString();
    }

    private static String percentEncode(String name) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            // attr-char of RFC 8187: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}

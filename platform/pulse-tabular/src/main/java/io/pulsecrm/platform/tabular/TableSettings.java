package io.pulsecrm.platform.tabular;

import java.nio.charset.Charset;
import java.util.Locale;

/**
 * How a file is read: its format, and for text its encoding and (CSV) delimiter, for a workbook the sheet
 * (null: the first).
 */
public record TableSettings(TabularFormat format, Charset encoding, Character delimiter, String sheet) {

    /**
     * Settings for a file from its first bytes ({@code head[0..length)}, {@code complete} when that is all of it), the
     * declared media type (its {@code charset} parameter names the encoding) and name, and what the person chose
     * (each null to detect). Throws a {@link TabularException} naming what Pulse cannot tell and what to choose.
     */
    public static TableSettings detect(byte[] head, int length, boolean complete, String contentType, String fileName,
                                       String encoding, String delimiter, String sheet) {
        TabularFormat format = TabularFormat.detect(contentType, fileName, head, length);
        if (format == TabularFormat.XLSX) {
            return new TableSettings(format, null, null, blankToNull(sheet));
        }
        Charset charset = encoding != null && !encoding.isBlank() ? TextEncodings.named(encoding, "encoding")
                : declaredCharset(contentType) != null ? TextEncodings.named(declaredCharset(contentType), "encoding")
                : TextEncodings.detect(head, length, complete);
        if (format == TabularFormat.VCF) {
            return new TableSettings(format, charset, null, null);
        }
        char separator = delimiter != null && !delimiter.isEmpty() ? Delimiters.named(delimiter, "delimiter")
                : Delimiters.detect(TextEncodings.sample(head, length, charset), complete);
        return new TableSettings(format, charset, separator, null);
    }

    /** The {@code charset} parameter of a media type, or null. */
    static String declaredCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().toLowerCase(Locale.ROOT).equals("charset")) {
                String value = pair[1].strip();
                return value.startsWith("\"") && value.endsWith("\"") && value.length() > 1 ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

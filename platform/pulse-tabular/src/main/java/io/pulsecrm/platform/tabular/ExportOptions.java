package io.pulsecrm.platform.tabular;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;

/**
 * How a person asked for an export, the same query parameters on every export endpoint: {@value #FORMAT} csv (the
 * default) or xlsx, {@value #DELIMITER} for CSV (comma by default; {@code ;} for Excel in locales whose decimal
 * separator is a comma), {@value #BOM} {@code false} for CSV without a byte order mark (for programs that do not
 * expect one; Excel needs it to read UTF-8).
 */
public record ExportOptions(String format, String delimiter, String bom) {

    public static final String FORMAT = "format";
    public static final String DELIMITER = "delimiter";
    public static final String BOM = "bom";

    /** The options among an endpoint's query parameters (the other parameters are its filters). */
    public static ExportOptions of(Map<String, String> parameters) {
        return new ExportOptions(parameters.get(FORMAT), parameters.get(DELIMITER), parameters.get(BOM));
    }

    /** The options of an endpoint that declares them as typed parameters. */
    public static ExportOptions of(String format, String delimiter, Boolean bom) {
        return new ExportOptions(format, delimiter, bom == null ? null : bom.toString());
    }

    /** @throws TabularException naming the parameter when an option is not one an export writes */
    public void check() {
        TableWriter.check(format, delimiter);
        withBom();
    }

    /** A writer of these options to {@code out} (left open for its owner). */
    public TableWriter open(OutputStream out) throws IOException {
        return TableWriter.open(format, out, delimiter, withBom());
    }

    private boolean withBom() {
        if (bom == null || bom.isBlank()) {
            return true;
        }
        return switch (bom.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new TabularException(BOM, "'" + bom + "' is not true or false");
        };
    }

    public String mediaType() {
        return TableWriter.mediaType(format);
    }

    /** {@code baseName} with the extension of the format. */
    public String fileName(String baseName) {
        return baseName + "." + TableWriter.extension(format);
    }
}

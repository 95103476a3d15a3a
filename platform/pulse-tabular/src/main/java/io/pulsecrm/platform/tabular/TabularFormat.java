package io.pulsecrm.platform.tabular;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import io.pulsecrm.platform.web.InvalidRequestException;

/** The kinds of file people bring: CSV (any delimiter), Excel workbooks and vCard contact files. */
public enum TabularFormat {
    CSV("csv"), XLSX("xlsx"), VCF("vcf");

    public static final String XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final String id;

    TabularFormat(String id) {
        this.id = id;
    }

    /** The lower-case name used in APIs: csv, xlsx, vcf. */
    public String id() {
        return id;
    }

    /**
     * What a file is: its first bytes first (a zip is a workbook whatever it is called, text opening with
     * {@code BEGIN:VCARD} is vCard), then the declared media type, then the file name's extension; CSV otherwise.
     * A legacy binary .xls is refused with what to do instead.
     */
    public static TabularFormat detect(String contentType, String fileName, byte[] head, int length) {
        if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return XLSX;
        }
        if (length >= 8 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11 && (head[3] & 0xFF) == 0xE0) {
            throw new TabularException("file", "is an Excel 97-2003 workbook (.xls), which Pulse does not read: save it as .xlsx or CSV");
        }
        String text = new String(head, 0, Math.min(length, 64), StandardCharsets.ISO_8859_1).replace("\uFEFF", "")
                .replace("\u00EF\u00BB\u00BF", "").replace("\u0000", "").stripLeading().toUpperCase(Locale.ROOT);
        if (text.startsWith("BEGIN:VCARD")) {
            return VCF;
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (type.startsWith(XLSX_MEDIA_TYPE) || name.endsWith(".xlsx")) {
            return XLSX;
        }
        if (type.startsWith("text/vcard") || type.startsWith("text/x-vcard") || type.startsWith("text/directory")
                || name.endsWith(".vcf") || name.endsWith(".vcard")) {
            return VCF;
        }
        return CSV;
    }

    public static TabularFormat of(String id) {
        for (TabularFormat format : values()) {
            if (format.id.equalsIgnoreCase(id)) {
                return format;
            }
        }
        throw new TabularException("format", "'" + InvalidRequestException.echo(id) + "' is not a file format Pulse reads: choose csv, xlsx or vcf");
    }
}

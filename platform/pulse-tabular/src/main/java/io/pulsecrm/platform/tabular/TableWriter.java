package io.pulsecrm.platform.tabular;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes rows of a download that spreadsheets open correctly, streamed (nothing held beyond a few rows): CSV in UTF-8
 * with a byte order mark (without it Excel reads UTF-8 as the locale's code page) and a chosen delimiter ({@code ;} for
 * Excel in locales whose decimal separator is a comma), or an .xlsx workbook (fastexcel, flushed every
 * {@value #FLUSH_ROWS} rows). Cells are text; in CSV a cell that a spreadsheet would run as a formula gets an apostrophe.
 * {@link #close()} finishes the file but leaves the stream open for its owner.
 */
public abstract sealed class TableWriter implements Closeable {

    static final int FLUSH_ROWS = 1000;

    /** The media type of a download in {@code format} (csv or xlsx). */
    public static String mediaType(String format) {
        return isXlsx(format) ? TabularFormat.XLSX_MEDIA_TYPE : "text/csv;charset=UTF-8";
    }

    /** The file extension of a download in {@code format}. */
    public static String extension(String format) {
        return isXlsx(format) ? "xlsx" : "csv";
    }

    private static boolean isXlsx(String format) {
        return format != null && !format.isBlank() && TabularFormat.of(format) == TabularFormat.XLSX;
    }

    /** Writes one row; null cells are empty. */
    public abstract void row(List<?> cells) throws IOException;

    /**
     * A writer of {@code format} ({@code csv} or {@code xlsx}) to {@code out}; {@code delimiter} for CSV (null: comma),
     * {@code bom} for CSV.
     */
    public static TableWriter open(String format, OutputStream out, String delimiter, boolean bom) throws IOException {
        TabularFormat chosen = format == null || format.isBlank() ? TabularFormat.CSV : TabularFormat.of(format);
        return switch (chosen) {
            case CSV -> new Csv(out, delimiter == null || delimiter.isEmpty() ? ',' : Delimiters.named(delimiter, "delimiter"), bom);
            case XLSX -> new Xlsx(out);
            case VCF -> throw new TabularException("format", "exports are csv or xlsx");
        };
    }

    /** Checks export options before a response starts (a 400 instead of a broken download). */
    public static void check(String format, String delimiter) {
        TabularFormat chosen = format == null || format.isBlank() ? TabularFormat.CSV : TabularFormat.of(format);
        if (chosen == TabularFormat.VCF) {
            throw new TabularException("format", "exports are csv or xlsx");
        }
        if (delimiter != null && !delimiter.isEmpty()) {
            Delimiters.named(delimiter, "delimiter");
        }
    }

    static final class Csv extends TableWriter {

        /** E.164 phones, negative numbers and money amounts ({@code -12.5 EUR}): no formula, nothing to neutralise. */
        private static final Pattern PLAIN_NUMBER = Pattern.compile("^[+-][0-9]+(\\.[0-9]+)?( [A-Z]{3})?$");

        private final BufferedWriter writer;
        private final char delimiter;

        Csv(OutputStream out, char delimiter, boolean bom) throws IOException {
            this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            this.delimiter = delimiter;
            if (bom) {
                writer.write('\uFEFF');
            }
        }

        @Override
        public void row(List<?> cells) throws IOException {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    writer.write(delimiter);
                }
                writer.write(cell(cells.get(i), delimiter));
            }
            writer.write("\r\n");
        }

        /** One cell: formula-like text neutralised (CSV injection), quoted when it holds the delimiter, a quote or a line break. */
        public static String cell(Object value, char delimiter) {
            if (value == null) {
                return "";
            }
            String text = value.toString();
            if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !PLAIN_NUMBER.matcher(text).matches()) {
                text = "'" + text;
            }
            if (text.indexOf(delimiter) >= 0 || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                return "\"" + text.replace("\"", "\"\"") + "\"";
            }
            return text;
        }

        @Override
        public void close() throws IOException {
            writer.flush();
        }
    }

    static final class Xlsx extends TableWriter {

        private final Workbook workbook;
        private final Worksheet sheet;
        private int row;

        Xlsx(OutputStream out) {
            workbook = new Workbook(out, "Pulse CRM", "1.0");
            sheet = workbook.newWorksheet("Export");
        }

        @Override
        public void row(List<?> cells) throws IOException {
            for (int c = 0; c < cells.size(); c++) {
                Object value = cells.get(c);
                if (value != null) {
                    sheet.value(row, c, value.toString()); // text: a string cell is never run as a formula
                }
            }
            row++;
            if (row % FLUSH_ROWS == 0) {
                sheet.flush();
            }
        }

        @Override
        public void close() throws IOException {
            workbook.finish();
        }
    }
}

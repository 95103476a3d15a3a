package io.pulsecrm.platform.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * One sheet of an .xlsx workbook, streamed row by row (fastexcel-reader: a StAX pass over the sheet's XML, so memory
 * stays flat however many rows). The workbook is copied to a temporary file first, because a zip is read from its
 * end. The first non-empty row is the header; cells come as the text an import's field parsers read: strings as
 * they are, whole numbers without {@code .0} or exponent (phone numbers typed as numbers), dates as
 * {@code yyyy-MM-dd} (with {@code THH:mm:ss} when they have a time), booleans as TRUE/FALSE, formulas as their
 * cached result.
 */
public final class XlsxTable implements Table {

    private static final Set<Integer> BUILT_IN_DATE_FORMATS = Set.of(14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47);

    private final Path file;
    private final ReadableWorkbook workbook;
    private final List<String> sheets;
    private final String sheet;
    private final Stream<org.dhatim.fastexcel.reader.Row> stream;
    private final Iterator<org.dhatim.fastexcel.reader.Row> rows;
    private final List<String> columns;

    /** The sheet named {@code sheetName} (null: the first) of the workbook in {@code in}. */
    public XlsxTable(InputStream in, String sheetName) throws IOException {
        file = Files.createTempFile("pulse-import-", ".xlsx");
        try {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            try {
                workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, false));
            } catch (IOException | RuntimeException e) {
                throw new TabularException("file", "is not a readable .xlsx workbook (" + e.getMessage() + ")");
            }
            sheets = workbook.getSheets().map(Sheet::getName).toList();
            Sheet chosen = sheetName == null || sheetName.isBlank() ? workbook.getFirstSheet()
                    : workbook.findSheet(sheetName).orElseThrow(() -> new TabularException("sheet",
                    "'" + sheetName + "' is not a sheet of the workbook: choose one of " + sheets));
            sheet = chosen.getName();
            stream = chosen.openStream();
            rows = stream.iterator();
            Row header = nextRow(Integer.MAX_VALUE);
            if (header == null) {
                throw new TabularException("sheet", "'" + sheet + "' is empty: it must start with a header row of column names"
                        + (sheets.size() > 1 ? "; the workbook's sheets: " + sheets : ""));
            }
            columns = header.cells().stream().map(String::strip).toList();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Every sheet's name, in workbook order. */
    public List<String> sheets() {
        return sheets;
    }

    /** The sheet being read. */
    public String sheet() {
        return sheet;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Row next() {
        return nextRow(columns.size());
    }

    private Row nextRow(int width) {
        while (rows.hasNext()) {
            org.dhatim.fastexcel.reader.Row row = rows.next();
            int count = Math.min(row.getCellCount(), width);
            List<String> cells = new ArrayList<>(count);
            boolean blank = true;
            for (int i = 0; i < count; i++) {
                String text = text(row.getCell(i));
                blank &= text.isBlank();
                cells.add(text);
            }
            if (blank) {
                continue;
            }
            if (width != Integer.MAX_VALUE) {
                while (cells.size() < width) {
                    cells.add(""); // trailing empty cells are not written to the sheet
                }
            } else {
                while (!cells.isEmpty() && cells.getLast().isBlank()) {
                    cells.removeLast();
                }
            }
            String problem = cells.size() > DelimitedReader.MAX_CELLS ? "more than " + DelimitedReader.MAX_CELLS + " columns"
                    : cells.stream().anyMatch(c -> c.length() > DelimitedReader.MAX_CELL)
                    ? "a field longer than " + DelimitedReader.MAX_CELL + " characters" : null;
            return new Row(cells, problem);
        }
        return null;
    }

    static String text(Cell cell) {
        if (cell == null || cell.getRawValue() == null) {
            return "";
        }
        return switch (cell.getType()) {
            case STRING -> cell.asString();
            case BOOLEAN -> Boolean.TRUE.equals(cell.asBoolean()) ? "TRUE" : "FALSE";
            case NUMBER -> number(cell);
            case FORMULA -> isNumber(cell.getRawValue()) ? number(cell) : cell.getRawValue();
            case ERROR, EMPTY -> "";
        };
    }

    private static boolean isNumber(String raw) {
        try {
            new BigDecimal(raw);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String number(Cell cell) {
        BigDecimal value = new BigDecimal(cell.getRawValue());
        if (isDate(cell.getDataFormatId(), cell.getDataFormatString())) {
            LocalDateTime date = cell.asDate();
            return date.toLocalTime().toSecondOfDay() == 0 ? date.toLocalDate().toString() : date.withNano(0).toString();
        }
        return value.stripTrailingZeros().toPlainString();
    }

    /** Whether a number format shows a date: a built-in date format, or a custom one with date or time letters. */
    static boolean isDate(Integer id, String format) {
        if (id != null && BUILT_IN_DATE_FORMATS.contains(id)) {
            return true;
        }
        if (format == null) {
            return false;
        }
        // quoted text, [colours]/[$-locale] and escaped characters say nothing about dates
        String plain = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^]]*]", "").replaceAll("\\\\.", "");
        return plain.matches("(?i).*[dmyhs].*") && !plain.equalsIgnoreCase("general");
    }

    @Override
    public void close() throws IOException {
        try {
            if (stream != null) {
                stream.close();
            }
            if (workbook != null) {
                workbook.close();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

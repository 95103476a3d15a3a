package io.pulsecrm.platform.tabular;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader with a chosen delimiter: one record at a time from a {@link Reader}, quoted fields with
 * embedded delimiters, quotes ({@code ""}) and line breaks, CRLF or LF. A record that is too large or has an
 * unterminated quote is returned as malformed (with the reason) instead of stopping the file; memory stays bounded.
 */
public final class DelimitedReader {

    public static final int MAX_CELL = 10_000;
    public static final int MAX_CELLS = 200;

    private final Reader in;
    private final char delimiter;
    private int peeked = -2;

    public DelimitedReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next record, or null at the end of the input. Blank lines are skipped. */
    public Table.Row next() throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                return null;
            }
            if (c == '\r' || c == '\n') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                continue; // blank line
            }
            unread(c);
            return record();
        }
    }

    private Table.Row record() throws IOException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String problem = null;
        boolean quoted = false;
        boolean startOfCell = true;
        while (true) {
            int c = read();
            if (c == -1) {
                if (quoted) {
                    problem = "unterminated quoted field";
                }
                add(cells, cell);
                return new Table.Row(cells, problem == null ? limits(cells) : problem);
            }
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        append(cell, '"');
                    } else {
                        quoted = false;
                    }
                } else {
                    append(cell, (char) c);
                }
                continue;
            }
            if (c == '"' && startOfCell) {
                quoted = true;
                startOfCell = false;
            } else if (c == delimiter) {
                add(cells, cell);
                cell.setLength(0);
                startOfCell = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                add(cells, cell);
                // the record's own problem (a stray quote) wins, like at the end of the input
                return new Table.Row(cells, problem == null ? limits(cells) : problem);
            } else {
                if (c == '"') {
                    problem = "a quote inside an unquoted field";
                }
                append(cell, (char) c);
                startOfCell = false;
            }
        }
    }

    private static void append(StringBuilder cell, char c) {
        if (cell.length() <= MAX_CELL) {
            cell.append(c);
        }
    }

    private static void add(List<String> cells, StringBuilder cell) {
        if (cells.size() <= MAX_CELLS) {
            cells.add(cell.toString());
        }
    }

    private static String limits(List<String> cells) {
        if (cells.size() > MAX_CELLS) {
            return "more than " + MAX_CELLS + " columns";
        }
        for (String cell : cells) {
            if (cell.length() > MAX_CELL) {
                return "a field longer than " + MAX_CELL + " characters";
            }
        }
        return null;
    }

    private int read() throws IOException {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private void unread(int c) {
        peeked = c;
    }
}

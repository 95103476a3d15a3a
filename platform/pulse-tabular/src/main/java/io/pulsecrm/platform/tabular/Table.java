package io.pulsecrm.platform.tabular;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** A file read as a header and rows of text, one row at a time (never the whole file in memory). */
public interface Table extends Closeable {

    /** The header's column names, as in the file. */
    List<String> columns();

    /** The next data row, or null at the end; blank rows are skipped. */
    Row next() throws IOException;

    /** One row's cells; {@code problem} says why it is malformed (it is still returned, so the rest of the file goes on). */
    record Row(List<String> cells, String problem) {

        public Row {
            cells = List.copyOf(cells);
        }
    }
}

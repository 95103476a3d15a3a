package io.pulsecrm.platform.tabular;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/** A delimited text file whose first record is the header. */
public final class DelimitedTable implements Table {

    private final Reader in;
    private final DelimitedReader reader;
    private final List<String> columns;

    public DelimitedTable(Reader in, char delimiter) throws IOException {
        // buffered: the reader takes one character at a time, and a decoder's read is costly per call
        this.in = new BufferedReader(in, 64 * 1024);
        this.reader = new DelimitedReader(this.in, delimiter);
        Row header = reader.next();
        if (header == null) {
            throw new TabularException("file", "is empty: it must start with a header row of column names");
        }
        if (header.problem() != null) {
            throw new TabularException("file", "has a malformed header row (" + header.problem() + ")");
        }
        columns = header.cells().stream().map(String::strip).toList();
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Row next() throws IOException {
        return reader.next();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

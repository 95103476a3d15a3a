package io.pulsecrm.contacts.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void aStrayQuoteMakesItsRecordMalformedWhetherALineBreakOrTheEndOfTheInputEndsIt() throws IOException {
        List<CsvReader.Row> rows = read("a,b\r\nbad\"quote,x\r\nok,\"q,\"\"uoted\"\"\"\nlast\"one,y");

        assertThat(rows).extracting(CsvReader.Row::problem)
                .containsExactly(null, "a quote inside an unquoted field", null, "a quote inside an unquoted field");
        assertThat(rows.get(2).cells()).containsExactly("ok", "q,\"uoted\"");
    }

    private static List<CsvReader.Row> read(String csv) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(csv));
        List<CsvReader.Row> rows = new ArrayList<>();
        for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }
}

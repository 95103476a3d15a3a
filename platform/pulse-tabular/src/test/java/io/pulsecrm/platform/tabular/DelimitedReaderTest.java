package io.pulsecrm.platform.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DelimitedReaderTest {

    @Test
    void aStrayQuoteMakesItsRecordMalformedWhetherALineBreakOrTheEndOfTheInputEndsIt() throws IOException {
        List<Table.Row> rows = read("a,b\r\nbad\"quote,x\r\nok,\"q,\"\"uoted\"\"\"\nlast\"one,y");

        assertThat(rows).extracting(Table.Row::problem)
                .containsExactly(null, "a quote inside an unquoted field", null, "a quote inside an unquoted field");
        assertThat(rows.get(2).cells()).containsExactly("ok", "q,\"uoted\"");
    }

    private static List<Table.Row> read(String csv) throws IOException {
        DelimitedReader reader = new DelimitedReader(new StringReader(csv), ',');
        List<Table.Row> rows = new ArrayList<>();
        for (Table.Row row = reader.next(); row != null; row = reader.next()) {
            rows.add(row);
        }
        return rows;
    }
}

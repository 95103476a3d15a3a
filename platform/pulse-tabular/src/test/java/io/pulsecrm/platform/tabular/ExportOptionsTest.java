package io.pulsecrm.platform.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExportOptionsTest {

    private static String write(ExportOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TableWriter writer = options.open(out)) {
            writer.row(List.of("Имя", "a;b"));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void csvWithABomAndACommaUnlessAskedOtherwise() throws IOException {
        assertThat(write(ExportOptions.of(Map.of()))).isEqualTo("\uFEFFИмя,a;b\r\n");
        assertThat(write(ExportOptions.of(Map.of("delimiter", ";")))).isEqualTo("\uFEFFИмя;\"a;b\"\r\n");
        assertThat(write(ExportOptions.of(null, null, false))).isEqualTo("Имя,a;b\r\n");
        assertThat(ExportOptions.of(Map.of()).fileName("deals")).isEqualTo("deals.csv");
        assertThat(ExportOptions.of("XLSX", null, null).fileName("deals")).isEqualTo("deals.xlsx");
        assertThat(ExportOptions.of("xlsx", null, null).mediaType()).isEqualTo(TabularFormat.XLSX_MEDIA_TYPE);
    }

    @Test
    void badOptionsNameTheirParameter() {
        for (var bad : Map.of(new ExportOptions("pdf", null, null), "format", new ExportOptions("vcf", null, null), "format",
                new ExportOptions(null, "x", null), "delimiter", new ExportOptions(null, null, "maybe"), "bom").entrySet()) {
            assertThatThrownBy(bad.getKey()::check).isInstanceOfSatisfying(TabularException.class,
                    e -> assertThat(e.field()).isEqualTo(bad.getValue()));
        }
    }
}

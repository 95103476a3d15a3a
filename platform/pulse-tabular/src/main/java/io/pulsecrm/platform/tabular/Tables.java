package io.pulsecrm.platform.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Opens a file as a {@link Table}, given how it is to be read ({@link TableSettings#detect}). */
public final class Tables {

    private Tables() {
    }

    /** The file in {@code in} (its raw bytes, from the start) as a table; {@code in} is closed with it. */
    public static Table open(InputStream in, TableSettings settings) throws IOException {
        return switch (settings.format()) {
            case CSV -> new DelimitedTable(TextEncodings.strictReader(in, settings.encoding()), settings.delimiter());
            case XLSX -> {
                try (in) {
                    yield new XlsxTable(in, settings.sheet());
                }
            }
            case VCF -> new VcardTable(TextEncodings.strictReader(in, encodingOrUtf8(settings.encoding())));
        };
    }

    private static Charset encodingOrUtf8(Charset encoding) {
        return encoding == null ? StandardCharsets.UTF_8 : encoding;
    }
}

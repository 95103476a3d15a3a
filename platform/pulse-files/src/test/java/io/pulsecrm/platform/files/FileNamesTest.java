package io.pulsecrm.platform.files;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

    @Test
    void namesLoseTheirPathAndWhatCouldDisguiseThem() {
        assertThat(FileNames.sanitise("C:\\Users\\ada\\Договор №1.pdf")).isEqualTo("Договор №1.pdf");
        assertThat(FileNames.sanitise("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitise("invoice\u202Efdp.exe")).isEqualTo("invoicefdp.exe");
        assertThat(FileNames.sanitise("a\u0000b\r\nc.txt")).isEqualTo("abc.txt");
        assertThat(FileNames.sanitise("  ..hidden.  ")).isEqualTo("hidden");
        assertThat(FileNames.sanitise("...")).isEqualTo("file");
        assertThat(FileNames.sanitise(null)).isEqualTo("file");
        // composed and decomposed "й" are the same name
        assertThat(FileNames.sanitise("и\u0306.txt")).isEqualTo("й.txt");
        String longName = FileNames.sanitise("ж".repeat(500) + ".pdf");
        assertThat(longName).hasSize(FileNames.MAX_LENGTH).endsWith("ж.pdf");
    }

    @Test
    void contentDispositionCarriesCyrillicNamesIntact() {
        String header = FileNames.attachment("Договор №1.pdf");
        assertThat(header).startsWith("attachment; filename=\"").contains("filename*=UTF-8''");
        assertThat(header).isEqualTo("attachment; filename=\"_______ _1.pdf\"; filename*=UTF-8''"
                + "%D0%94%D0%BE%D0%B3%D0%BE%D0%B2%D0%BE%D1%80%20%E2%84%961.pdf");
        String encoded = header.substring(header.indexOf("UTF-8''") + 7);
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo("Договор №1.pdf");
        // what would end the quoted string or start an escape never reaches the header
        assertThat(FileNames.attachment("a\"b%d.txt")).startsWith("attachment; filename=\"a_b_d.txt\"")
                .endsWith("a%22b%25d.txt");
        assertThat(FileNames.attachment("Café.pdf")).contains("filename=\"Cafe.pdf\"");
    }
}

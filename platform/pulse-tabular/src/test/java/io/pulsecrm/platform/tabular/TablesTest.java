package io.pulsecrm.platform.tabular;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void aWindows1251SemicolonCsvAsRussianExcelSavesItIsDetectedAndRead() throws IOException {
        byte[] file = "Имя;Фамилия;Email;Телефон;Компания\r\nИван;Петров;ivan@example.ru;8 (495) 123-45-67;\"ООО \"\"Ромашка\"\"; Москва\"\r\nЁлка;Ёжикова;;;\r\n"
                .getBytes(Charset.forName("windows-1251"));
        TableSettings settings = detect(file, "text/csv", "kontakty.csv");
        assertThat(settings.format()).isEqualTo(TabularFormat.CSV);
        assertThat(settings.encoding().name()).isEqualTo("windows-1251");
        assertThat(settings.delimiter()).isEqualTo(';');
        assertThat(rows(file, settings)).containsExactly(
                List.of("Имя", "Фамилия", "Email", "Телефон", "Компания"),
                List.of("Иван", "Петров", "ivan@example.ru", "8 (495) 123-45-67", "ООО \"Ромашка\"; Москва"),
                List.of("Ёлка", "Ёжикова", "", "", ""));
    }

    @Test
    void westernEuropeanCodePageUtf16WithBomAndTabsAndUtf8WithBomAreRecognised() throws IOException {
        byte[] western = "Name,City\nRenée Müller,Zürich\nJosé,Málaga\n".getBytes(Charset.forName("windows-1252"));
        TableSettings w = detect(western, "text/csv", "a.csv");
        assertThat(w.encoding().name()).isEqualTo("windows-1252");
        assertThat(rows(western, w).get(1)).containsExactly("Renée Müller", "Zürich");

        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(0xFF);
        utf16.write(0xFE);
        utf16.write("Имя\tEmail\r\n\"Анна\r\nМария\"\tanna@example.com\r\n".getBytes(StandardCharsets.UTF_16LE));
        TableSettings u = detect(utf16.toByteArray(), "text/plain", "unicode.txt");
        assertThat(u.encoding()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(u.delimiter()).isEqualTo('\t');
        assertThat(rows(utf16.toByteArray(), u)).containsExactly(List.of("Имя", "Email"), List.of("Анна\r\nМария", "anna@example.com"));

        byte[] bom = ("\uFEFFName|Mail\nA|a@x.io\n").getBytes(StandardCharsets.UTF_8);
        TableSettings b = detect(bom, "text/csv", "b.csv");
        assertThat(b.delimiter()).isEqualTo('|');
        assertThat(rows(bom, b).getFirst()).containsExactly("Name", "Mail");
    }

    @Test
    void theDeclaredCharsetAndChoicesWinOverDetection() throws IOException {
        byte[] file = "Имя,Email\nИван,i@example.ru\n".getBytes(Charset.forName("windows-1251"));
        TableSettings declared = detect(file, "text/csv; charset=windows-1251", "x.csv");
        assertThat(declared.encoding().name()).isEqualTo("windows-1251");
        TableSettings chosen = TableSettings.detect(file, file.length, true, "text/csv", "x.csv", "koi8-r", ";", null);
        assertThat(chosen.encoding().name()).isEqualTo("KOI8-R");
        assertThat(chosen.delimiter()).isEqualTo(';');
    }

    @Test
    void whatCannotBeToldIsRefusedNamingWhatToChoose() {
        byte[] utf8 = "Имя,Email\nИван,i@example.ru\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rows(utf8, new TableSettings(TabularFormat.CSV, Charset.forName("windows-1251"), ',', null)))
                .isInstanceOfSatisfying(TabularException.class, e -> assertThat(e.field()).isEqualTo("encoding"));
        byte[] cp1251 = "Имя,Email\nИван,i@example.ru\n".getBytes(Charset.forName("windows-1251"));
        assertThatThrownBy(() -> rows(cp1251, new TableSettings(TabularFormat.CSV, StandardCharsets.UTF_8, ',', null)))
                .isInstanceOfSatisfying(TabularException.class, e -> {
                    assertThat(e.field()).isEqualTo("encoding");
                    assertThat(e.getMessage()).contains("UTF-8", "windows-1251");
                });
        // one high byte after another and alone, half and half: no code page is likely
        byte[] mixed = new byte[] {'a', ',', 'b', '\n', (byte) 0xE9, 'x', (byte) 0xE0, (byte) 0xE1, ',', 'c', '\n'};
        assertThatThrownBy(() -> detect(mixed, "text/csv", "m.csv"))
                .isInstanceOfSatisfying(TabularException.class, e -> assertThat(e.field()).isEqualTo("encoding"));
        byte[] ragged = "a,b;c\n1;2,3,4\n5\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> detect(ragged, "text/csv", "r.csv"))
                .isInstanceOfSatisfying(TabularException.class, e -> assertThat(e.field()).isEqualTo("delimiter"));
        assertThatThrownBy(() -> TableSettings.detect(utf8, utf8.length, true, "text/csv", "x.csv", "klingon", null, null))
                .isInstanceOfSatisfying(TabularException.class, e -> assertThat(e.field()).isEqualTo("encoding"));
        assertThatThrownBy(() -> TableSettings.detect(utf8, utf8.length, true, "text/csv", "x.csv", null, "#", null))
                .isInstanceOfSatisfying(TabularException.class, e -> assertThat(e.field()).isEqualTo("delimiter"));
    }

    @Test
    void textThatWasGarbledBeforeItCameOrHasNoCharacterInTheEncodingIsRefusedNotStored() {
        // a replacement character already in the file: text damaged by an earlier wrong decoding
        byte[] damaged = "Name,City\nAnna,M\uFFFDnchen\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> rows(damaged, new TableSettings(TabularFormat.CSV, StandardCharsets.UTF_8, ',', null)))
                .isInstanceOfSatisfying(TabularException.class, e -> assertThat(e.field()).isEqualTo("encoding"));
        // 0x98 is no character in Windows-1251
        byte[] unmapped = new byte[] {'a', ',', 'b', '\n', (byte) 0xC0, (byte) 0x98, ',', 'c', '\n'};
        assertThatThrownBy(() -> rows(unmapped, new TableSettings(TabularFormat.CSV, TextEncodings.WINDOWS_1251, ',', null)))
                .isInstanceOfSatisfying(TabularException.class, e -> assertThat(e.getMessage()).contains("windows-1251"));
    }

    @Test
    void anXlsxSheetIsStreamedWithDatesAndNumbersAsText() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(out, "Test", "1.0")) {
            Worksheet notes = workbook.newWorksheet("Notes");
            notes.value(0, 0, "nothing here");
            Worksheet people = workbook.newWorksheet("Контакты");
            people.value(0, 0, "Имя");
            people.value(0, 1, "Телефон");
            people.value(0, 2, "День рождения");
            people.value(0, 3, "Сумма");
            people.value(1, 0, "Анна");
            people.value(1, 1, 79031234567L);
            people.value(1, 2, LocalDate.of(1990, 2, 3));
            people.style(1, 2).format("dd.mm.yyyy").set();
            people.value(1, 3, 1234.5);
            people.value(3, 0, "Борис"); // a blank row before, trailing cells missing
        }
        byte[] file = out.toByteArray();
        TableSettings settings = detect(file, "application/octet-stream", "export.xlsx");
        assertThat(settings.format()).isEqualTo(TabularFormat.XLSX);
        assertThat(rows(file, settings)).containsExactly(List.of("nothing here")); // the first sheet unless one is chosen
        TableSettings chosen = new TableSettings(TabularFormat.XLSX, null, null, "Контакты");
        assertThat(rows(file, chosen)).containsExactly(List.of("Имя", "Телефон", "День рождения", "Сумма"),
                List.of("Анна", "79031234567", "1990-02-03", "1234.5"), List.of("Борис", "", "", ""));
        try (XlsxTable table = (XlsxTable) Tables.open(new ByteArrayInputStream(file), settings)) {
            assertThat(table.sheets()).containsExactly("Notes", "Контакты");
            assertThat(table.sheet()).isEqualTo("Notes");
        }
        assertThatThrownBy(() -> rows(file, new TableSettings(TabularFormat.XLSX, null, null, "Nope")))
                .isInstanceOfSatisfying(TabularException.class, e -> {
                    assertThat(e.field()).isEqualTo("sheet");
                    assertThat(e.getMessage()).contains("Notes", "Контакты");
                });
    }

    @Test
    void aVcardFileWithSeveralContactsIsOneRowEach() throws IOException {
        String vcf = """
                BEGIN:VCARD\r
                VERSION:3.0\r
                N:Петрова;Анна;Сергеевна;;\r
                FN:Анна Петрова\r
                EMAIL;TYPE=INTERNET:anna@example.ru\r
                EMAIL;TYPE=INTERNET,pref:anna.work@example.ru\r
                TEL;TYPE=CELL:+7 903 123-45-67\r
                ORG:ООО Ромашка\r
                TITLE:Директор по прода\r
                 жам\r
                ADR;TYPE=WORK:;;ул. Ленина, 1;Москва;;101000;Россия\r
                NOTE:line one\\nline two\r
                END:VCARD\r
                BEGIN:VCARD\r
                VERSION:2.1\r
                N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD=D0=BE=D0=B2;=D0=98=D0=B2=D0=B0=D0=BD\r
                TEL;CELL:8 (916) 000-11-22\r
                TEL;HOME:8 (495) 123-45-67\r
                END:VCARD\r
                """;
        byte[] file = vcf.getBytes(StandardCharsets.UTF_8);
        TableSettings settings = detect(file, "text/x-vcard", "contacts.vcf");
        assertThat(settings.format()).isEqualTo(TabularFormat.VCF);
        List<List<String>> rows = rows(file, settings);
        assertThat(rows.getFirst()).isEqualTo(VcardTable.COLUMNS);
        List<String> anna = rows.get(1);
        assertThat(anna.subList(0, 10)).containsExactly("Анна Петрова", "Анна", "Петрова", "Сергеевна", "anna.work@example.ru",
                "anna@example.ru", "+7 903 123-45-67", "", "ООО Ромашка", "Директор по продажам");
        assertThat(anna.subList(10, 15)).containsExactly("ул. Ленина, 1", "Москва", "", "101000", "Россия");
        assertThat(anna.get(17)).isEqualTo("line one\nline two");
        List<String> ivan = rows.get(2);
        assertThat(ivan.subList(1, 3)).containsExactly("Иван", "Иванов");
        assertThat(ivan.subList(6, 8)).containsExactly("8 (916) 000-11-22", "8 (495) 123-45-67");
    }

    private static TableSettings detect(byte[] file, String contentType, String fileName) {
        return TableSettings.detect(file, file.length, true, contentType, fileName, null, null, null);
    }

    private static List<List<String>> rows(byte[] file, TableSettings settings) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Table table = Tables.open(new ByteArrayInputStream(file), settings)) {
            rows.add(table.columns());
            Table.Row row;
            while ((row = table.next()) != null) {
                assertThat(row.problem()).isNull();
                rows.add(row.cells());
            }
        }
        return rows;
    }
}

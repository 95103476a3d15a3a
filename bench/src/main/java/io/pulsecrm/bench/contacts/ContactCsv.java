package io.pulsecrm.bench.contacts;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A CSV file of contacts written to disk row by row (never whole in memory), as a CRM export would look:
 * {@code firstName,lastName,email,phone,jobTitle,tags,city,country}. Every row's email and phone are unique within
 * the file and, through the run's tag and area code, different from other runs' files: the import's duplicate check
 * passes them all. Names come from common first names and surnames, so name prefixes match many contacts.
 */
final class ContactCsv {

    static final String HEADER = "firstName,lastName,email,phone,jobTitle,tags,city,country";
    static final List<String> FIRST_NAMES = List.of("James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael",
            "Linda", "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
            "Charles", "Karen", "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark",
            "Sandra", "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
            "Émilie", "Jürgen", "Zoë", "Søren", "Ana", "Luis", "Chen", "Priya", "Olga", "Kwame");
    static final List<String> LAST_NAMES = List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
            "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
            "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez",
            "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill",
            "Flores", "Müller", "Dupont", "Kowalski", "Rossi", "Novak", "Tanaka", "Okafor", "Silva", "Ivanova", "Larsen");
    private static final List<String> TITLES = List.of("CEO", "CTO", "Buyer", "Head of Sales", "Engineer", "Analyst", "");
    private static final String[][] PLACES = {{"Berlin", "DE"}, {"Paris", "FR"}, {"London", "GB"}, {"New York", "US"},
            {"Toronto", "CA"}, {"Madrid", "ES"}, {"", ""}};
    /** US area codes; a run takes one by its tag, and numbers its rows within it (8 million numbers each). */
    private static final int[] AREA_CODES = {201, 202, 206, 212, 213, 303, 305, 312, 320, 404, 415, 503, 512, 602, 617,
            702, 720, 801, 919, 971};
    private static final int[] EXCHANGES = exchanges();

    private ContactCsv() {
    }

    /** Writes {@code rows} rows (plus the header) tagged {@code tag}; the tag also sets the emails and phones. */
    static Path write(Path file, int rows, String tag) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            forEachRow(rows, tag, cells -> {
                out.write(String.join(",", cells));
                out.write('\n');
            });
        }
        return file;
    }

    /**
     * The same rows as an .xlsx workbook with one sheet, as Excel would save the export (fastexcel, flushed as it
     * goes: the file is never whole in memory).
     */
    static Path writeXlsx(Path file, int rows, String tag) throws IOException {
        try (var out = Files.newOutputStream(file); var workbook = new org.dhatim.fastexcel.Workbook(out, "Pulse bench", "1.0")) {
            var sheet = workbook.newWorksheet("Contacts");
            String[] header = HEADER.split(",");
            for (int c = 0; c < header.length; c++) {
                sheet.value(0, c, header[c]);
            }
            int[] row = {1};
            forEachRow(rows, tag, cells -> {
                for (int c = 0; c < cells.length; c++) {
                    if (!cells[c].isEmpty()) {
                        sheet.value(row[0], c, cells[c]);
                    }
                }
                if (++row[0] % 1000 == 0) {
                    sheet.flush();
                }
            });
        }
        return file;
    }

    /** Receives one generated row's cells. */
    interface RowSink {
        void row(String[] cells) throws IOException;
    }

    private static void forEachRow(int rows, String tag, RowSink sink) throws IOException {
        SplittableRandom random = new SplittableRandom(tag.hashCode());
        for (int i = 0; i < rows; i++) {
            String first = FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()));
            String last = LAST_NAMES.get(random.nextInt(LAST_NAMES.size()));
            String[] place = PLACES[random.nextInt(PLACES.length)];
            sink.row(new String[] {first, last, email(first, last, tag, i), phone(tag, i),
                    TITLES.get(random.nextInt(TITLES.size())), tag, place[0], place[1]});
        }
    }

    static String email(String first, String last, String tag, int row) {
        return ascii(first) + "." + ascii(last) + "." + tag + "." + row + "@bench.example";
    }

    /**
     * {@code +1 AAA EEE NNNN}: exchanges 200-999 without N11 codes, ten thousand numbers each. The tag picks the area
     * code and where in the exchanges its numbers start, so files of different tags rarely share a number (a shared
     * number would make every later import a run of duplicates).
     */
    static String phone(String tag, int row) {
        int start = Math.floorMod(tag.hashCode() / AREA_CODES.length, EXCHANGES.length);
        return "+1" + AREA_CODES[Math.floorMod(tag.hashCode(), AREA_CODES.length)]
                + EXCHANGES[(start + row / 10_000) % EXCHANGES.length] + String.format("%04d", row % 10_000);
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace("ø", "o").toLowerCase(Locale.ROOT);
    }

    private static int[] exchanges() {
        List<Integer> codes = new ArrayList<>();
        for (int code = 200; code <= 999; code++) {
            if (code % 100 != 11) {
                codes.add(code);
            }
        }
        return codes.stream().mapToInt(Integer::intValue).toArray();
    }
}

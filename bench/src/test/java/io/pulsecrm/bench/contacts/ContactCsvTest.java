package io.pulsecrm.bench.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated import file: well-formed, and every email and phone unique (the import's duplicate check passes all). */
class ContactCsvTest {

    @Test
    void everyRowHasItsOwnEmailAndPhone(@TempDir Path dir) throws Exception {
        Path file = ContactCsv.write(dir.resolve("contacts.csv"), 30_000, "bench-test-tag");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(30_001);
        assertThat(lines.getFirst()).isEqualTo(ContactCsv.HEADER);
        Set<String> emails = new HashSet<>();
        Set<String> phones = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSize(8);
            assertThat(cells[2]).matches("^[a-z]+\\.[a-z]+\\.bench-test-tag\\.[0-9]+@bench\\.example$");
            assertThat(cells[3]).matches("^\\+1[2-9][0-9]{2}[2-9][0-9]{2}[0-9]{4}$").doesNotContain("+1" + cells[3].substring(2, 5) + "211");
            emails.add(cells[2]);
            phones.add(cells[3]);
        }
        assertThat(emails).hasSize(30_000);
        assertThat(phones).hasSize(30_000);
    }

    @Test
    void phonesOfAMillionRowsStayUniqueAndTheSearchQueryNamesTheRowsPhone() {
        Set<String> phones = new HashSet<>();
        for (int row = 0; row < 1_000_000; row += 997) {
            phones.add(ContactCsv.phone("bench-import-a", row));
        }
        assertThat(phones).hasSize((1_000_000 + 996) / 997);
        SearchFixture fixture = new SearchFixture("bench-search-x", 100);
        assertThat(fixture.phoneQuery(42).replace(" ", "")).isEqualTo(ContactCsv.phone("bench-search-x", 42));
    }

    @Test
    void filesOfDifferentTagsDoNotShareTheirFirstPhones() {
        // "bench-import-<time>" tags of runs a few seconds apart: before, one in twenty shared every number
        Set<String> firstPhones = new HashSet<>();
        for (long time = 1_700_000_000_000L; time < 1_700_000_000_000L + 40 * 7_919; time += 7_919) {
            firstPhones.add(ContactCsv.phone("bench-import-" + Long.toString(time, Character.MAX_RADIX), 0));
        }
        assertThat(firstPhones).hasSize(40);
    }
}

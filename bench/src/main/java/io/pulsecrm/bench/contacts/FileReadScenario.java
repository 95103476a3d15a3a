package io.pulsecrm.bench.contacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.platform.tabular.Table;
import io.pulsecrm.platform.tabular.TableSettings;
import io.pulsecrm.platform.tabular.Tables;

/**
 * Reading an import file, in process, with the readers contacts-service uses (platform/pulse-tabular): set-up writes
 * the {@code contact-import} rows ({@value ContactImportScenario#DEFAULT_ROWS}, or {@code PULSE_BENCH_IMPORT_ROWS}) as
 * CSV or .xlsx; one operation detects how to read the file from its first 256 KB (as an upload does) and reads every
 * row. This is the part of an import the file format costs: the upload reads the whole file once to check it, a run
 * reads it again; what a run spends per row beyond that (normalising, duplicate checks, storing, events) is
 * {@code contact-import}'s. Heap in use after a read is printed: reading streams, so it stays flat with the row count.
 */
public final class FileReadScenario implements Scenario {

    public static final ScenarioDefinition CSV = ScenarioDefinition.baseline("file-read-csv",
            "reads a " + String.format("%,d", ContactImportScenario.ROWS) + "-row contacts CSV in process (detection and"
                    + " every row), as an import's upload and run do",
            targets -> new FileReadScenario(false)).countingWork("rows read", ContactImportScenario.ROWS);
    public static final ScenarioDefinition XLSX = ScenarioDefinition.baseline("file-read-xlsx",
            "reads the same rows as an .xlsx workbook in process (streamed, first sheet)",
            targets -> new FileReadScenario(true)).countingWork("rows read", ContactImportScenario.ROWS);

    private final boolean xlsx;
    private Path file;

    private FileReadScenario(boolean xlsx) {
        this.xlsx = xlsx;
    }

    @Override
    public void setUp() throws IOException {
        String tag = "bench-read-" + Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
        long started = System.nanoTime();
        file = xlsx ? ContactCsv.writeXlsx(Files.createTempFile("pulse-bench-" + tag, ".xlsx"), ContactImportScenario.ROWS, tag)
                : ContactCsv.write(Files.createTempFile("pulse-bench-" + tag, ".csv"), ContactImportScenario.ROWS, tag);
        System.err.printf("   wrote %,d rows (%.1f MB) to %s in %.1f s%n", ContactImportScenario.ROWS,
                Files.size(file) / 1024.0 / 1024.0, file, (System.nanoTime() - started) / 1e9);
    }

    @Override
    public void execute(long sequence) throws IOException, OperationFailedException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(256 * 1024);
        }
        TableSettings settings = TableSettings.detect(head, head.length, head.length < 256 * 1024,
                xlsx ? "application/octet-stream" : "text/csv", file.getFileName().toString(), null, null, null);
        long rows = 0;
        long chars = 0;
        try (Table table = Tables.open(Files.newInputStream(file), settings)) {
            Table.Row row;
            while ((row = table.next()) != null) {
                rows++;
                chars += row.cells().getFirst().length();
            }
        }
        if (rows != ContactImportScenario.ROWS || chars == 0) {
            throw new OperationFailedException("read " + rows + " rows, expected " + ContactImportScenario.ROWS);
        }
        Runtime runtime = Runtime.getRuntime();
        System.err.printf("   read %,d rows (%s); heap in use %.0f MB of %.0f MB%n", rows,
                xlsx ? "xlsx" : settings.encoding().name().toLowerCase(java.util.Locale.ROOT) + ", '" + settings.delimiter() + "'",
                (runtime.totalMemory() - runtime.freeMemory()) / 1024.0 / 1024.0, runtime.totalMemory() / 1024.0 / 1024.0);
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("   could not delete " + file + ": " + e.getMessage());
            }
        }
    }
}

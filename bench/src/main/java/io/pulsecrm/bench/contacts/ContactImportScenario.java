package io.pulsecrm.bench.contacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;

/**
 * Import at scale, of a CSV file ({@code contact-import}) or the same rows as an .xlsx workbook
 * ({@code contact-import-xlsx}): set-up writes a file of {@value #DEFAULT_ROWS} contacts to disk
 * ({@code PULSE_BENCH_IMPORT_ROWS} for another size); one operation uploads it through the gateway, runs the import and waits until it completed. Its
 * latency is the whole import; the report's rate in rows is rows per second of the operation, and the progress
 * lines give the service's own figures (rows per second of the run alone, upload time) and its heap while importing.
 * An operation is minutes long: run it once, {@code --scenario contact-import --requests 1 --concurrency 1 --warmup 0}.
 */
public final class ContactImportScenario implements Scenario {

    public static final String NAME = "contact-import";
    static final int DEFAULT_ROWS = 1_000_000;
    static final int ROWS = rows();
    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.baseline(NAME,
            "CSV import of " + String.format("%,d", ROWS) + " contacts through the gateway (upload, run, until completed), "
                    + "with the service's heap; run with --requests 1 --concurrency 1 --warmup 0",
            targets -> new ContactImportScenario(targets, false)).countingWork("rows imported", ROWS);
    public static final ScenarioDefinition XLSX = ScenarioDefinition.baseline(NAME + "-xlsx",
            ".xlsx import of " + String.format("%,d", ROWS) + " contacts through the gateway (upload, run, until completed), "
                    + "with the service's heap; run with --requests 1 --concurrency 1 --warmup 0",
            targets -> new ContactImportScenario(targets, true)).countingWork("rows imported", ROWS);

    private final boolean xlsx;
    private final BenchTargets targets;
    private final ContactsClient client;
    private Path file;
    private int runs;

    private ContactImportScenario(BenchTargets targets, boolean xlsx) {
        this.xlsx = xlsx;
        this.targets = targets;
        this.client = new ContactsClient(targets);
    }

    @Override
    public void setUp() throws IOException {
        if (targets.concurrency() != 1) {
            throw new ScenarioUnavailableException("each operation imports " + String.format("%,d", ROWS) + " rows; run it with "
                    + "--concurrency 1 --requests 1 --warmup 0");
        }
        client.requireReachable();
        String tag = "bench-import-" + Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
        long started = System.nanoTime();
        file = xlsx ? ContactCsv.writeXlsx(Files.createTempFile("pulse-bench-" + tag, ".xlsx"), ROWS, tag)
                : ContactCsv.write(Files.createTempFile("pulse-bench-" + tag, ".csv"), ROWS, tag);
        System.err.printf("   wrote %,d rows (%.1f MB) to %s in %.1f s%n", ROWS, Files.size(file) / 1024.0 / 1024.0, file,
                (System.nanoTime() - started) / 1e9);
    }

    @Override
    public void execute(long sequence) throws IOException, InterruptedException, OperationFailedException {
        if (++runs > 1) {
            // a second import of the same file: every row is a duplicate of the first one's, measuring the duplicate path
            System.err.println("   note: importing the same file again (run with --requests 1 --warmup 0 to import it once)");
        }
        ImportRun.Result result = new ImportRun(client, System.err).importFile(file, false);
        result.print(System.err, Files.size(file));
        if (result.failed() > 0) {
            throw new OperationFailedException(result.failed() + " rows failed");
        }
    }

    @Override
    public void close() {
        client.close();
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("   could not delete " + file + ": " + e.getMessage());
            }
        }
    }

    private static int rows() {
        String value = System.getenv("PULSE_BENCH_IMPORT_ROWS");
        try {
            return value == null || value.isBlank() ? DEFAULT_ROWS : Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_ROWS;
        }
    }
}

package io.pulsecrm.bench.contacts;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pulsecrm.bench.scenario.OperationFailedException;
import tools.jackson.databind.JsonNode;

/**
 * One CSV import through the gateway, as a user runs it: upload the file ({@code POST /api/imports}, streamed from
 * disk), run it ({@code POST /api/imports/{id}/run}), follow its progress ({@code GET /api/imports/{id}}) until it
 * ends. Meanwhile contacts-service's heap is sampled from its metrics, so the result shows whether the import
 * streams: heap use that stays flat while a file several times its size goes through.
 */
final class ImportRun {

    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);
    /** How long the progress may be unreadable (timeouts) before the import counts as failed. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final double MB = 1024 * 1024;

    /** What an import did and what it cost. */
    record Result(String jobId, String status, long rows, long created, long duplicates, long failed, Duration upload,
                  Duration run, HeapSampler.Figures heap) {

        double rowsPerSecond() {
            return run.isZero() ? 0 : rows / (run.toNanos() / 1e9);
        }

        void print(PrintStream out, long fileBytes) {
            out.printf("   import %s: %s, %,d rows (%,d created, %,d duplicates, %,d failed)%n", jobId, status, rows, created,
                    duplicates, failed);
            out.printf("   upload of %.1f MB: %.1f s; run: %.1f s = %,.0f rows/s%n", fileBytes / MB, upload.toNanos() / 1e9,
                    run.toNanos() / 1e9, rowsPerSecond());
            heap.print(out);
        }
    }

    private final ContactsClient client;
    private final PrintStream progress;

    ImportRun(ContactsClient client, PrintStream progress) {
        this.client = client;
        this.progress = progress;
    }

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    Result importFile(Path file, boolean allowDuplicates) throws IOException, InterruptedException, OperationFailedException {
        ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
        HeapSampler heap = new HeapSampler(client);
        sampling.scheduleWithFixedDelay(heap::sample, 0, 1, TimeUnit.SECONDS);
        try {
            long started = System.nanoTime();
            HttpResponse<String> uploaded = client.upload("/api/imports?fileName=" + file.getFileName(), file,
                    file.getFileName().toString().endsWith(".xlsx") ? XLSX : "text/csv");
            if (uploaded.statusCode() != 201) {
                throw new OperationFailedException("upload: HTTP " + uploaded.statusCode() + " " + excerpt(uploaded.body()));
            }
            Duration upload = Duration.ofNanos(System.nanoTime() - started);
            String id = client.readJson(uploaded).get("id").asString();
            progress.printf("   uploaded %s (%.1f MB) in %.1f s as import %s%n", file.getFileName(), Files.size(file) / MB,
                    upload.toNanos() / 1e9, id);
            HttpResponse<String> run = client.postJson("/api/imports/" + id + "/run", Map.of("allowDuplicates", allowDuplicates));
            if (run.statusCode() != 202) {
                throw new OperationFailedException("run: HTTP " + run.statusCode() + " " + excerpt(run.body()));
            }
            JsonNode job = await(id);
            Instant startedAt = Instant.parse(job.get("startedAt").asString());
            Instant finishedAt = Instant.parse(job.get("finishedAt").asString());
            sampling.shutdownNow();
            return new Result(id, job.get("status").asString(), job.get("rowsProcessed").asLong(), job.get("created").asLong(),
                    job.get("duplicates").asLong(), job.get("failed").asLong(), upload, Duration.between(startedAt, finishedAt),
                    heap.figures());
        } finally {
            sampling.shutdownNow();
        }
    }

    private JsonNode await(String id) throws IOException, InterruptedException, OperationFailedException {
        long lastReport = System.nanoTime();
        long lastRows = 0;
        long failingSince = 0;
        while (true) {
            HttpResponse<String> response;
            try {
                response = client.get("/api/imports/" + id);
                failingSince = 0;
            } catch (IOException e) {
                // a slow answer while the service is busy importing is no reason to abandon an hour-long import
                failingSince = failingSince == 0 ? System.nanoTime() : failingSince;
                if (System.nanoTime() - failingSince > PATIENCE.toNanos()) {
                    throw e;
                }
                progress.println("   (progress not readable: " + e + "; trying again)");
                Thread.sleep(POLL);
                continue;
            }
            if (response.statusCode() != 200) {
                throw new OperationFailedException("progress: HTTP " + response.statusCode() + " " + excerpt(response.body()));
            }
            JsonNode job = client.readJson(response);
            String status = job.get("status").asString();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                if (!status.equals("completed")) {
                    throw new OperationFailedException("import " + status + ": " + job.path("failure").asString(""));
                }
                return job;
            }
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY.toNanos()) {
                long rows = job.get("rowsProcessed").asLong();
                progress.printf("   %s: %,d rows done, %,.0f rows/s over the last %d s%n", status, rows,
                        (rows - lastRows) / ((now - lastReport) / 1e9), PROGRESS_EVERY.toSeconds());
                lastReport = now;
                lastRows = rows;
            }
            Thread.sleep(POLL);
        }
    }

    static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}

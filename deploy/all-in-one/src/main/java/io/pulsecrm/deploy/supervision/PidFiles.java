package io.pulsecrm.deploy.supervision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One pid file per running child. A launcher killed with SIGKILL cannot stop its children; the next
 * start finds their pid files and stops the ones still running, instead of failing on busy ports.
 */
public final class PidFiles {

    private static final String SUFFIX = ".pid";

    private final Path directory;

    public PidFiles(Path directory) {
        this.directory = directory;
    }

    public void record(ServiceProcess process) {
        try {
            Files.createDirectories(directory);
            Files.writeString(fileOf(process.name()), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void forget(String name) {
        try {
            Files.deleteIfExists(fileOf(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops children left behind by an earlier launcher. Only processes whose command line still names
     * the component are touched, so a recycled pid never gets another program killed.
     *
     * @return a line for each leftover stopped
     */
    public List<String> stopLeftovers(Duration gracePeriod) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        Map<String, ProcessHandle> leftovers = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = file.getFileName().toString().replace(SUFFIX, "");
                leftover(file, name).ifPresent(process -> leftovers.put(name, process));
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // all at once: their graceful shutdowns overlap instead of adding up
        leftovers.values().forEach(ProcessHandle::destroy);
        List<String> stopped = new ArrayList<>();
        leftovers.forEach((name, process) -> {
            boolean exited = process.onExit().completeOnTimeout(null, gracePeriod.toMillis(), TimeUnit.MILLISECONDS)
                    .join() != null;
            if (!exited) {
                process.destroyForcibly();
            }
            stopped.add(name + " (pid " + process.pid() + ")");
        });
        return stopped;
    }

    private static Optional<ProcessHandle> leftover(Path pidFile, String name) throws IOException {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(name)).orElse(false));
    }

    private Path fileOf(String name) {
        return directory.resolve(name + SUFFIX);
    }
}

package io.pulsecrm.deploy.supervision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (a service or the gateway) with its output in a log file. Stopping it is graceful first:
 * SIGTERM lets Spring Boot finish in-flight requests, commit consumer offsets and drain the outbox relay.
 */
public final class ServiceProcess {

    /** After a forced kill the OS reaps the process almost at once; don't hang shutdown if it does not. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    public enum StopOutcome { ALREADY_EXITED, STOPPED, KILLED }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Instant startedAt;

    private ServiceProcess(String name, Process process, Path logFile, Instant startedAt) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.startedAt = startedAt;
    }

    /**
     * @param command     full command line, e.g. {@code java -Xmx384m -jar contacts-service.jar}
     * @param environment added to (and overriding) the launcher's own environment
     * @param logFile     receives stdout and stderr; the previous run's log is kept beside it as {@code .1}
     */
    public static ServiceProcess start(String name, List<String> command, Map<String, String> environment,
                                       Path logFile) {
        try {
            LogFiles.rotate(logFile);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            Instant startedAt = Instant.now();
            Process process = builder.start();
            process.getOutputStream().close(); // children read no input
            return new ServiceProcess(name, process, logFile, startedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Completes when the process ends, however it ends. */
    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** SIGTERM, then up to {@code gracePeriod} for the JVM to finish its shutdown hooks, then SIGKILL. */
    public StopOutcome stop(Duration gracePeriod) {
        if (!process.isAlive()) {
            return StopOutcome.ALREADY_EXITED;
        }
        process.destroy();
        if (waitFor(gracePeriod)) {
            return StopOutcome.STOPPED;
        }
        process.destroyForcibly();
        waitFor(KILL_WAIT);
        return StopOutcome.KILLED;
    }

    /** SIGKILL at once, as a crash would end it: no shutdown hooks, nothing drained or committed. */
    public StopOutcome kill() {
        if (!process.isAlive()) {
            return StopOutcome.ALREADY_EXITED;
        }
        process.destroyForcibly();
        waitFor(KILL_WAIT);
        return StopOutcome.KILLED;
    }

    /** The last lines of the log, to show why a child failed without making the user open the file. */
    public List<String> logTail(int lines) {
        return LogFiles.tail(logFile, lines);
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}

package io.pulsecrm.deploy.supervision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Child log files: one per component and run, the previous run's kept as {@code <name>.log.1}. */
public final class LogFiles {

    private static final String PREVIOUS_SUFFIX = ".1";
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+(at |\\.\\.\\. \\d+ (more|common frames omitted))");

    private LogFiles() {
    }

    public static void rotate(Path logFile) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (Files.exists(logFile)) {
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + PREVIOUS_SUFFIX),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The last lines that say something: blank lines and stack frames are left out, exception lines kept. */
    public static List<String> tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return List.of();
        }
        // decode leniently: a child may die halfway through writing a multi-byte character
        try (Stream<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines()) {
            Deque<String> last = new ArrayDeque<>(lines);
            all.filter(line -> !line.isBlank() && !STACK_FRAME.matcher(line).find()).forEach(line -> {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
            return List.copyOf(last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.pulsecrm.deploy.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import io.pulsecrm.deploy.catalog.ComponentSpec;

/**
 * Makes the children start about twice as fast. Six Spring Boot JVMs on two cores spend most of their
 * startup loading and linking the same classes; the JDK can keep that work in a cache file:
 * <ul>
 *   <li>JDK 25+: an AOT cache (JEP 483/514), recorded by a training run that refreshes the Spring
 *       context and exits ({@code -Dspring.context.exit=onRefresh}, what Spring documents for this);</li>
 *   <li>JDK 21-24: a dynamic CDS archive, written when the first run from the cache exits.</li>
 * </ul>
 * Both need a plain class path, so each jar is extracted with Spring Boot's own
 * {@code -Djarmode=tools extract}. A cache is only valid for the jar's content, the JDK and the JVM
 * options it was built with.
 * <p>
 * Building costs more than it saves on the start that builds it, so a component without a current
 * cache starts from (a copy of) its jar, and {@link #build} runs later, in the background, at low
 * priority: a start is never slower than without the cache, and the next one is faster. Training while
 * the real service runs is safe: with {@code spring.context.exit=onRefresh} no web server binds and no
 * listener or scheduler starts. Anything failing here falls back to the plain jar.
 */
public final class StartupCache {

    /** First JDK with one-step AOT cache creation ({@code -XX:AOTCacheOutput}). */
    private static final int AOT_CACHE_JDK = 25;
    private static final String FINGERPRINT_FILE = "fingerprint";
    private static final String EXTRACTED_DIR = "app";
    private static final String AOT_CACHE_FILE = "app.aot";
    private static final String CDS_ARCHIVE_FILE = "app.jsa";
    private static final String TRAINING_LOG = "training.log";
    /** Copies of the jars started without a cache: a rebuild rewriting target/*.jar must not pull them from under a running JVM. */
    private static final String JAR_COPIES_DIR = "jars";
    private static final Duration EXTRACT_TIMEOUT = Duration.ofMinutes(2);
    /** Present in the manifest of every jar the Spring Boot Maven plugin repackages. */
    private static final String SPRING_BOOT_MANIFEST_ATTRIBUTE = "Spring-Boot-Version";
    /** Background builds yield the CPU to the platform the user is working with. */
    private static final List<String> LOW_PRIORITY = List.of("nice", "-n", "10");

    public enum Outcome {
        /** Started from a cache built earlier. */
        REUSED,
        /** Started from its jar; {@link #build} should run once it is up, for the next start. */
        PENDING,
        /** Started from its jar, and will be next time too: the cache is off or cannot apply. */
        NOT_USED
    }

    /** @param arguments what follows {@code java <jvm options>}: cache flags, {@code -jar} and the jar */
    public record Launch(List<String> arguments, Outcome outcome, String note) {
    }

    private final Path cacheRoot;
    private final Path javaExecutable;
    private final int javaFeatureVersion;
    private final List<String> jvmOptions;
    private final Duration trainingTimeout;
    private final boolean enabled;
    private volatile boolean cancelled;
    private volatile Process running;

    public StartupCache(Path cacheRoot, Path javaExecutable, int javaFeatureVersion, List<String> jvmOptions,
                        Duration trainingTimeout, boolean enabled) {
        this.cacheRoot = cacheRoot;
        this.javaExecutable = javaExecutable;
        this.javaFeatureVersion = javaFeatureVersion;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.trainingTimeout = trainingTimeout;
        this.enabled = enabled;
    }

    /** How to start {@code component} now. Quick: never builds anything. */
    public Launch launchFor(ComponentSpec component) {
        List<String> original = List.of("-jar", component.jar().toString());
        if (!enabled) {
            return new Launch(original, Outcome.NOT_USED, "");
        }
        try {
            if (!isSpringBootJar(component.jar())) {
                // extracting runs the jar with -Djarmode=tools; a plain jar would just start its main class
                return new Launch(original, Outcome.NOT_USED, "not a Spring Boot executable jar");
            }
            if (isCurrent(component)) {
                return new Launch(cachedLaunchArguments(component), Outcome.REUSED, "");
            }
            return new Launch(List.of("-jar", copyOf(component.jar()).toString()), Outcome.PENDING, "");
        } catch (IOException | UncheckedIOException e) {
            return new Launch(original, Outcome.NOT_USED, e.getMessage());
        }
    }

    /**
     * Extracts the jar and, on JDK 25+, records the AOT cache with a training run given the component's
     * real environment (bean initialisation may reach the store and the broker). Blocks for a while.
     *
     * @throws CacheUnavailableException when it could not be built; the component keeps starting from its jar
     */
    public void build(ComponentSpec component, Map<String, String> environment) {
        Path dir = cacheRoot.resolve(component.name());
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            Path log = dir.resolve(TRAINING_LOG);
            run(List.of(javaExecutable.toString(), "-Djarmode=tools", "-jar", component.jar().toString(),
                    "extract", "--destination", dir.resolve(EXTRACTED_DIR).toString()), Map.of(), log, EXTRACT_TIMEOUT,
                    "extracting " + component.jar().getFileName());
            if (javaFeatureVersion >= AOT_CACHE_JDK) {
                List<String> training = new ArrayList<>();
                training.add(javaExecutable.toString());
                training.addAll(jvmOptions);
                training.add("-XX:AOTCacheOutput=" + dir.resolve(AOT_CACHE_FILE));
                training.add("-Dspring.context.exit=onRefresh");
                training.add("-jar");
                training.add(extractedJar(dir, component).toString());
                run(training, environment, log, trainingTimeout, "the AOT training run");
                if (!Files.exists(dir.resolve(AOT_CACHE_FILE))) {
                    throw new CacheUnavailableException("the AOT training run wrote no cache; see " + log);
                }
            }
            // written last: a build cut short leaves no fingerprint, so the next start builds again
            Files.writeString(dir.resolve(FINGERPRINT_FILE), fingerprintOf(component));
        } catch (IOException e) {
            throw new CacheUnavailableException(e.getMessage());
        }
    }

    /** Stops a build in progress, for shutdown; what it left half-done is rebuilt next time. */
    public void cancel() {
        cancelled = true;
        Process process = running;
        if (process != null) {
            process.destroyForcibly();
        }
    }

    static boolean isSpringBootJar(Path jar) throws IOException {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Manifest manifest = jarFile.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue(SPRING_BOOT_MANIFEST_ATTRIBUTE) != null;
        }
    }

    private boolean isCurrent(ComponentSpec component) {
        Path dir = cacheRoot.resolve(component.name());
        Path fingerprint = dir.resolve(FINGERPRINT_FILE);
        try {
            return Files.exists(fingerprint)
                    && Files.readString(fingerprint).strip().equals(fingerprintOf(component))
                    && (javaFeatureVersion < AOT_CACHE_JDK || Files.exists(dir.resolve(AOT_CACHE_FILE)));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private List<String> cachedLaunchArguments(ComponentSpec component) {
        Path dir = cacheRoot.resolve(component.name());
        List<String> arguments = new ArrayList<>();
        if (javaFeatureVersion >= AOT_CACHE_JDK) {
            arguments.add("-XX:AOTCache=" + dir.resolve(AOT_CACHE_FILE));
        } else {
            arguments.add("-XX:SharedArchiveFile=" + dir.resolve(CDS_ARCHIVE_FILE));
            arguments.add("-XX:+AutoCreateSharedArchive");
        }
        arguments.add("-jar");
        arguments.add(extractedJar(dir, component).toString());
        return arguments;
    }

    /** Copy, then rename: a JVM still running from an earlier copy keeps its own file. */
    private Path copyOf(Path jar) throws IOException {
        Path copies = Files.createDirectories(cacheRoot.resolve(JAR_COPIES_DIR));
        Path copy = copies.resolve(jar.getFileName());
        Path partial = Files.createTempFile(copies, jar.getFileName().toString(), ".partial");
        Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return copy;
    }

    private String fingerprintOf(ComponentSpec component) {
        List<String> inputs = new ArrayList<>(jvmOptions);
        inputs.add(Runtime.version().toString());
        inputs.add(javaExecutable.toString());
        return JarFingerprint.of(component.jar(), inputs);
    }

    private static Path extractedJar(Path dir, ComponentSpec component) {
        return dir.resolve(EXTRACTED_DIR).resolve(component.jar().getFileName());
    }

    private void run(List<String> command, Map<String, String> environment, Path log, Duration timeout, String what)
            throws IOException {
        if (cancelled) {
            throw new CacheUnavailableException("cancelled");
        }
        List<String> lowPriority = new ArrayList<>(niceAvailable() ? LOW_PRIORITY : List.of());
        lowPriority.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(lowPriority)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        running = process;
        process.getOutputStream().close();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new CacheUnavailableException(what + " took longer than " + timeout.toSeconds() + " s; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CacheUnavailableException(what + " was interrupted");
        } finally {
            running = null;
        }
        if (cancelled) {
            throw new CacheUnavailableException("cancelled");
        }
        if (process.exitValue() != 0) {
            throw new CacheUnavailableException(what + " failed with exit code " + process.exitValue() + "; see " + log);
        }
    }

    private static boolean niceAvailable() {
        return Stream.of("/usr/bin/nice", "/bin/nice").anyMatch(path -> Files.isExecutable(Path.of(path)));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The cache could not be built; the message says why. */
    public static final class CacheUnavailableException extends RuntimeException {
        CacheUnavailableException(String message) {
            super(message);
        }
    }
}

package io.pulsecrm.platform.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A directory read from a YAML file (format in docs/identity.md). A file on disk is re-read when it changes,
 * checked at most once per {@code refreshInterval}, so a directory synced from the identity provider (a
 * Kubernetes ConfigMap, say) takes effect without a restart. A changed file that does not parse is ignored
 * and the last good snapshot stays in use.
 */
public final class FileUserDirectory implements UserDirectory {

    private static final System.Logger log = System.getLogger(FileUserDirectory.class.getName());
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path file;
    private final Duration refreshInterval;
    private final Clock clock;
    private volatile Directory snapshot;
    private volatile FileTime loadedVersion;
    private volatile Instant nextCheck;

    private FileUserDirectory(Path file, Directory initial, FileTime version, Duration refreshInterval, Clock clock) {
        this.file = file;
        this.snapshot = initial;
        this.loadedVersion = version;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        this.nextCheck = clock.instant().plus(refreshInterval);
    }

    /** Reads the file now (failing on a bad file) and re-reads it whenever it changes. */
    public static FileUserDirectory watching(Path file, Duration refreshInterval) {
        return watching(file, refreshInterval, Clock.systemUTC());
    }

    static FileUserDirectory watching(Path file, Duration refreshInterval, Clock clock) {
        FileTime version = lastModified(file);
        return new FileUserDirectory(file, read(file), version, refreshInterval, clock);
    }

    /** A fixed directory from a resource that cannot change while running (a classpath file). */
    public static UserDirectory fixed(URL resource) {
        try (InputStream in = resource.openStream()) {
            Directory directory = parse(in);
            return () -> directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users directory " + resource, e);
        }
    }

    public static Directory parse(InputStream yaml) {
        Directory directory = YAML.readValue(yaml, Directory.class);
        return directory == null ? Directory.empty() : directory;
    }

    @Override
    public Directory snapshot() {
        Instant now = clock.instant();
        if (now.isAfter(nextCheck)) {
            nextCheck = now.plus(refreshInterval);
            reloadIfChanged();
        }
        return snapshot;
    }

    private synchronized void reloadIfChanged() {
        FileTime version;
        try {
            version = lastModified(file);
        } catch (UncheckedIOException e) {
            log.log(System.Logger.Level.WARNING, "users directory {0} unreadable, keeping the last one: {1}", file, e.getMessage());
            return;
        }
        if (version.equals(loadedVersion)) {
            return;
        }
        try {
            snapshot = read(file);
            loadedVersion = version;
            log.log(System.Logger.Level.INFO, "users directory {0} reloaded: {1} users", file, snapshot.users().size());
        } catch (RuntimeException e) {
            loadedVersion = version; // do not retry a broken file until it changes again
            log.log(System.Logger.Level.WARNING, "users directory {0} changed but is invalid, keeping the last one: {1}", file, e.getMessage());
        }
    }

    private static Directory read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users directory " + file, e);
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users directory " + file, e);
        }
    }
}

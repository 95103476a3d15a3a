package io.pulsecrm.platform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB wire-protocol server (mongo-java-server) run in-process. Real MongoDB drivers talk to it
 * over a socket; it stands in for MongoDB where no server binary can be installed. Only features both
 * it and real MongoDB support may be used (no multi-document transactions, change streams or $text).
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    /**
     * Page cache of the H2 file store, in MB (H2's default is 16). Queries the store cannot answer from an {@code _id}
     * or unique index read every document of the collection; with the pages cached they are not read from the file
     * and deserialised again each time, which at 100,000 contacts is the difference between seconds and a fraction.
     * {@code PULSE_MONGO_CACHE_MB} overrides it.
     */
    static final int DEFAULT_CACHE_MB = 256;

    private final Path dataFile;
    private final String bindHost;
    private final int port;
    private MongoServer server;

    private EmbeddedMongoServer(Path dataFile, int port) {
        this(dataFile, "127.0.0.1", port);
    }

    private EmbeddedMongoServer(Path dataFile, String bindHost, int port) {
        this.dataFile = dataFile;
        this.bindHost = bindHost;
        this.port = port;
    }

    /** In-memory store on a free port, for tests. */
    public static EmbeddedMongoServer inMemory() {
        try {
            return new EmbeddedMongoServer(null, EmbeddedKafkaBroker.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Store backed by an H2 file, so data survives restarts; for the local runner. */
    public static EmbeddedMongoServer persistent(Path dataFile, int port) {
        return new EmbeddedMongoServer(dataFile, port);
    }

    /** Store on {@code bindHost} (e.g. {@code 0.0.0.0}, for clients in other containers); in memory when {@code dataFile} is null. */
    public static EmbeddedMongoServer listeningOn(Path dataFile, String bindHost, int port) {
        return new EmbeddedMongoServer(dataFile, bindHost, port);
    }

    public synchronized EmbeddedMongoServer start() {
        if (server != null) {
            return this;
        }
        MongoBackend backend;
        if (dataFile == null) {
            backend = new MemoryBackend().version(ServerVersion.MONGO_5_0);
        } else {
            try {
                Files.createDirectories(dataFile.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            backend = new H2Backend(new MVStore.Builder().fileName(dataFile.toAbsolutePath().toString())
                    .cacheSize(cacheSizeMb()).open()).version(ServerVersion.MONGO_5_0);
        }
        server = new MongoServer(backend);
        server.bind(bindHost, port);
        log.info("MongoDB wire-protocol store listening on {}{}", connectionString(),
                dataFile == null ? " (in memory)" : " with data in " + dataFile);
        return this;
    }

    private static int cacheSizeMb() {
        String configured = System.getenv("PULSE_MONGO_CACHE_MB");
        try {
            return configured == null || configured.isBlank() ? DEFAULT_CACHE_MB : Math.max(1, Integer.parseInt(configured.trim()));
        } catch (NumberFormatException e) {
            log.warn("PULSE_MONGO_CACHE_MB={} is not a number of MB; using {}", configured, DEFAULT_CACHE_MB);
            return DEFAULT_CACHE_MB;
        }
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}

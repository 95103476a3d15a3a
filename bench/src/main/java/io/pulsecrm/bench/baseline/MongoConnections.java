package io.pulsecrm.bench.baseline;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.ScenarioUnavailableException;
import org.bson.Document;

/** A client sized for the run, checked to be reachable before any load. */
final class MongoConnections {

    private static final int SERVER_SELECTION_TIMEOUT_SECONDS = 5;
    private static final int MIN_POOL_SIZE = 10;

    private MongoConnections() {
    }

    static MongoClient open(BenchTargets targets) {
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(targets.mongoUri()))
                // one connection per worker: the baseline must not queue for connections the API path has
                .applyToConnectionPoolSettings(pool -> pool.maxSize(Math.max(targets.concurrency(), MIN_POOL_SIZE)))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.readTimeout((int) targets.requestTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .build());
        try {
            benchDatabase(client).runCommand(new Document("ping", 1));
            return client;
        } catch (MongoException e) {
            client.close();
            throw new ScenarioUnavailableException("MongoDB at " + targets.mongoUri() + " is unreachable ("
                    + e.getClass().getSimpleName() + "). Start it (deploy/all-in-one/run --infra-only) or pass --mongo URI.", e);
        }
    }

    static MongoDatabase benchDatabase(MongoClient client) {
        return client.getDatabase(BenchTargets.BENCH_DATABASE);
    }

    static Document contactDocument(long sequence) {
        var contact = io.pulsecrm.bench.scenario.ContactSample.numbered(sequence);
        return new Document("firstName", contact.firstName())
                .append("lastName", contact.lastName())
                .append("email", contact.email());
    }
}

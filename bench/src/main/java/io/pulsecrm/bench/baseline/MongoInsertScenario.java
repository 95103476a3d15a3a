package io.pulsecrm.bench.baseline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import org.bson.Document;

/** One insertOne of a contact-sized document: the floor under creating a contact through the API. */
public final class MongoInsertScenario implements Scenario {

    public static final String NAME = "mongo-insert";
    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.baseline(NAME,
            "insertOne of a contact document straight into MongoDB (database bench)", MongoInsertScenario::new);
    private static final String COLLECTION = "contacts_insert";

    private final BenchTargets targets;
    private MongoClient client;
    private MongoCollection<Document> contacts;

    private MongoInsertScenario(BenchTargets targets) {
        this.targets = targets;
    }

    @Override
    public void setUp() {
        client = MongoConnections.open(targets);
        contacts = MongoConnections.benchDatabase(client).getCollection(COLLECTION);
        contacts.drop(); // start empty: an ever-growing collection would drift the figures between runs
    }

    @Override
    public void execute(long sequence) {
        contacts.insertOne(MongoConnections.contactDocument(sequence));
    }

    @Override
    public void close() {
        if (client != null) {
            contacts.drop();
            client.close();
        }
    }
}

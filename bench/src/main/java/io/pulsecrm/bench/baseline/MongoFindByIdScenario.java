package io.pulsecrm.bench.baseline;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.pulsecrm.bench.scenario.BenchTargets;
import io.pulsecrm.bench.scenario.OperationFailedException;
import io.pulsecrm.bench.scenario.Scenario;
import io.pulsecrm.bench.scenario.ScenarioDefinition;
import org.bson.Document;
import org.bson.types.ObjectId;

/** find by _id of one of the fixtures inserted in set-up: the floor under reading a contact through the API. */
public final class MongoFindByIdScenario implements Scenario {

    public static final String NAME = "mongo-find-by-id";
    public static final ScenarioDefinition DEFINITION = ScenarioDefinition.baseline(NAME,
            "find by _id of a contact document straight from MongoDB (database bench)", MongoFindByIdScenario::new);
    private static final String COLLECTION = "contacts_find";

    private final BenchTargets targets;
    private MongoClient client;
    private MongoCollection<Document> contacts;
    private List<ObjectId> ids;

    private MongoFindByIdScenario(BenchTargets targets) {
        this.targets = targets;
    }

    @Override
    public void setUp() {
        client = MongoConnections.open(targets);
        contacts = MongoConnections.benchDatabase(client).getCollection(COLLECTION);
        contacts.drop();
        List<Document> fixtures = new ArrayList<>();
        for (int i = 0; i < targets.fixtures(); i++) {
            fixtures.add(MongoConnections.contactDocument(i).append("_id", new ObjectId()));
        }
        contacts.insertMany(fixtures);
        ids = fixtures.stream().map(d -> d.getObjectId("_id")).toList();
    }

    @Override
    public void execute(long sequence) throws OperationFailedException {
        ObjectId id = ids.get((int) (sequence % ids.size()));
        if (contacts.find(Filters.eq("_id", id)).first() == null) {
            throw new OperationFailedException("fixture not found by _id");
        }
    }

    @Override
    public void close() {
        if (client != null) {
            contacts.drop();
            client.close();
        }
    }
}

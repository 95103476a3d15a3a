package io.pulsecrm.platform.health;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Readiness of the service's own database: a ping on that database, which every MongoDB-compatible store
 * answers, rather than a server-wide probe of whichever database happens to exist.
 */
public class MongoDatabaseHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public MongoDatabaseHealthIndicator(MongoTemplate mongo) {
        super("MongoDB health check failed");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document pong = mongo.getDb().runCommand(new Document("ping", 1));
        builder.up().withDetail("database", mongo.getDb().getName()).withDetail("ok", pong.get("ok"));
    }
}

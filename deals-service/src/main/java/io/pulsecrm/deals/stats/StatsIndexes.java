package io.pulsecrm.deals.stats;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Indexes of the statistics (idempotent to create). Reads and writes address documents by {@code _id}; the
 * compound unique indexes on {@code (_id, v)} and {@code (_id, rev)} are there for the version-checked writes: the
 * embedded store answers a query from an index only when it names exactly that index's fields, so without them each
 * compare-and-set would scan the collection. On MongoDB they are small and redundant with {@code _id}.
 */
@Component
class StatsIndexes implements SmartInitializingSingleton {

    private final MongoTemplate mongo;

    StatsIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var stats = mongo.getCollection(StatsLayout.STATS);
        stats.createIndex(Indexes.ascending("_id", "v"), new IndexOptions().unique(true).name("id_version"));
        stats.createIndex(Indexes.ascending("gen"), new IndexOptions().name("generation"));
        var facts = mongo.getCollection(StatsLayout.FACTS);
        facts.createIndex(Indexes.ascending("_id", "rev"), new IndexOptions().unique(true).name("id_rev"));
        facts.createIndex(Indexes.ascending("gen"), new IndexOptions().name("generation"));
    }
}

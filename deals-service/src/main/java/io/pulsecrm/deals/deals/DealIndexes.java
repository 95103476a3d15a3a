package io.pulsecrm.deals.deals;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.pulsecrm.deals.contacts.CompanyNames;
import io.pulsecrm.deals.contacts.ContactNames;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** Indexes behind the board, lists, per-contact/company views and the stalled-deal job (idempotent to create). */
@Component
class DealIndexes implements SmartInitializingSingleton {

    private final MongoTemplate mongo;

    DealIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var deals = mongo.indexOps(Deal.class);
        deals.createIndex(new Index().on("pipelineId", Sort.Direction.ASC).on("stageId", Sort.Direction.ASC)
                .on("_id", Sort.Direction.ASC).named("pipeline_stage"));
        deals.createIndex(new Index().on("ownerId", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("owner"));
        deals.createIndex(new Index().on("companyId", Sort.Direction.ASC).named("company"));
        deals.createIndex(new Index().on("contacts.contactId", Sort.Direction.ASC).named("contact"));
        // ?q=: an anchored regex on the title's word suffixes is a range scan of this (multikey) index
        deals.createIndex(new Index().on("titleKeys", Sort.Direction.ASC).named("title_keys"));
        deals.createIndex(new Index().on("stageId", Sort.Direction.ASC).on("stageEnteredAt", Sort.Direction.ASC)
                .named("stage_entered"));
        // revenue by product: the deals won in a period in one pipeline (analytics.ProductRevenue)
        deals.createIndex(new Index().on("pipelineId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("closedAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("won_closed"));
        // AggregateStore reads a live deal with {_id, deletedAt: null}; the embedded store answers a query from an index
        // only when it names exactly that index's fields, so without this every read of one deal scans them all
        // (on MongoDB it is small and redundant with _id)
        mongo.getCollection(Deal.COLLECTION).createIndex(Indexes.ascending("_id", "deletedAt"),
                new IndexOptions().unique(true).name("id_live"));
        mongo.indexOps(ContactNames.COLLECTION).createIndex(new Index().on("deleted", Sort.Direction.ASC).named("deleted"));
        mongo.indexOps(CompanyNames.COLLECTION).createIndex(new Index().on("deleted", Sort.Direction.ASC).named("deleted"));
    }
}

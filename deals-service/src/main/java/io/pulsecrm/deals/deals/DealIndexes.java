package io.pulsecrm.deals.deals;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.pulsecrm.deals.contacts.CompanyNames;
import io.pulsecrm.deals.contacts.ContactNames;
import io.pulsecrm.deals.pipelines.Pipeline;
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
        // a pipeline's list in each of its orders (creation = _id, amount, expected close), a company's deals: pages read in order
        for (String order : java.util.List.of("amountMinor", "expectedCloseDate")) {
            deals.createIndex(new Index().on("pipelineId", Sort.Direction.ASC).on(order, Sort.Direction.ASC)
                    .on("_id", Sort.Direction.ASC).named("pipeline_" + order));
        }
        deals.createIndex(new Index().on("pipelineId", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("pipeline_created"));
        // every live deal in creation order: the list or export of all deals, unfiltered (admins, partner clients)
        deals.createIndex(new Index().on("deletedAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("live_created"));
        deals.createIndex(new Index().on("companyId", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("company_created"));
        deals.createIndex(new Index().on("contacts.contactId", Sort.Direction.ASC).named("contact"));
        // ?q=: an anchored regex on the title's word suffixes is a range scan of this (multikey) index
        deals.createIndex(new Index().on("titleKeys", Sort.Direction.ASC).named("title_keys"));
        deals.createIndex(new Index().on("stageId", Sort.Direction.ASC).on("stageEnteredAt", Sort.Direction.ASC)
                .named("stage_entered"));
        // revenue by product: the deals won in a period in one pipeline (analytics.ProductRevenue)
        deals.createIndex(new Index().on("pipelineId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("closedAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("won_closed"));
        // AggregateStore reads a live deal or pipeline with {_id, deletedAt: null}; the embedded store answers a query from an index
        // only when it names exactly that index's fields, so without this every read of one deal scans them all
        // (on MongoDB it is small and redundant with _id)
        for (String aggregate : java.util.List.of(Deal.COLLECTION, Pipeline.COLLECTION)) {
            mongo.getCollection(aggregate).createIndex(Indexes.ascending("_id", "deletedAt"),
                    new IndexOptions().unique(true).name("id_live"));
        }
        // read by the list, the board and the stalled-deal job every minute
        mongo.indexOps(Pipeline.class).createIndex(new Index().on("deletedAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC)
                .named("live_created"));
        mongo.indexOps(ContactNames.COLLECTION).createIndex(new Index().on("deleted", Sort.Direction.ASC).named("deleted"));
        mongo.indexOps(CompanyNames.COLLECTION).createIndex(new Index().on("deleted", Sort.Direction.ASC).named("deleted"));
    }
}

package io.pulsecrm.deals.deals;

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
        deals.createIndex(new Index().on("stageId", Sort.Direction.ASC).on("stageEnteredAt", Sort.Direction.ASC)
                .named("stage_entered"));
        mongo.indexOps(ContactNames.COLLECTION).createIndex(new Index().on("deleted", Sort.Direction.ASC).named("deleted"));
    }
}

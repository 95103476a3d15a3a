package io.pulsecrm.deals.documents;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** Indexes of the templates, the generated documents and their numbers (idempotent to create). */
@Component
class DocumentIndexes implements SmartInitializingSingleton {

    private final MongoTemplate mongo;

    DocumentIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        mongo.indexOps(DocumentTemplate.COLLECTION).createIndex(new Index().on("deletedAt", Sort.Direction.ASC)
                .on("kind", Sort.Direction.ASC).on("name", Sort.Direction.ASC).named("live_kind_name"));
        var documents = mongo.indexOps(GeneratedDocument.class);
        // the number is taken by the insert this index lets through once (DocumentNumbers)
        documents.createIndex(new Index().on("numberKey", Sort.Direction.ASC).unique().named("number_key"));
        documents.createIndex(new Index().on("dealId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                .named("deal_created"));
        // DocumentCompletion: documents whose PDF or deal event a crash left unwritten
        documents.createIndex(new Index().on("announced", Sort.Direction.ASC).on("createdAt", Sort.Direction.ASC)
                .named("unannounced"));
    }
}

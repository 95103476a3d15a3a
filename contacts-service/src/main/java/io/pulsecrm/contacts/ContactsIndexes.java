package io.pulsecrm.contacts;

import java.time.Duration;
import java.util.List;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.pulsecrm.contacts.companies.Company;
import io.pulsecrm.contacts.contacts.Contact;
import io.pulsecrm.contacts.customfields.CustomFieldDefinition;
import io.pulsecrm.contacts.search.SearchKeys;
import io.pulsecrm.contacts.segments.Segment;
import io.pulsecrm.contacts.timeline.TimelineEntry;
import org.bson.Document;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Creates the indexes the service's queries rely on when it starts (idempotent, so every replica may): those declared
 * on the stored classes ({@code @Indexed}, {@code @CompoundIndex}), plus the ones for collections without a class,
 * TTL indexes for what expires by itself on MongoDB, and a unique {@code {_id, deletedAt}} index per aggregate
 * collection: the embedded store answers a query from an index only when it names exactly that index's fields, so
 * this makes reads of one live record by id cheap there. Also fills the company name sort key of companies stored
 * before it existed.
 */
@Component
class ContactsIndexes implements SmartInitializingSingleton {

    private static final List<Class<?>> DECLARED = List.of(Contact.class, Company.class, TimelineEntry.class,
            Segment.class, CustomFieldDefinition.class);

    private final MongoTemplate mongo;

    ContactsIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        var resolver = new MongoPersistentEntityIndexResolver(mongo.getConverter().getMappingContext());
        for (Class<?> type : DECLARED) {
            IndexOperations indexes = mongo.indexOps(type);
            resolver.resolveIndexFor(type).forEach(indexes::createIndex);
        }
        for (String collection : List.of(Contact.COLLECTION, Company.COLLECTION)) {
            mongo.getCollection(collection).createIndex(Indexes.ascending("_id", "deletedAt"),
                    new IndexOptions().unique(true).name("id_live"));
        }
        // claims are changed by compare-and-set on {_id, v} (KeyClaims); row keys are dropped by import job (ImportRowKeys)
        mongo.getCollection("key_claims").createIndex(Indexes.ascending("_id", "v"), new IndexOptions().unique(true).name("id_version"));
        mongo.getCollection("import_row_keys").createIndex(Indexes.ascending("jobId"), new IndexOptions().name("job"));
        mongo.getCollection("import_chunks").createIndex(Indexes.ascending("jobId"), new IndexOptions().name("job"));
        // a person's import history, newest first (GET /api/imports); the importer's id is stored as importer._id
        mongo.getCollection("import_jobs").createIndex(Indexes.compoundIndex(Indexes.ascending("importer._id"),
                Indexes.descending("createdAt", "_id")), new IndexOptions().name("importer_newest_first"));
        // workers poll for queued jobs and for running ones whose worker stopped beating
        mongo.getCollection("import_jobs").createIndex(Indexes.ascending("status", "heartbeatAt"),
                new IndexOptions().name("status_heartbeat"));
        for (String expiring : List.of("lead_intake_windows", "lead_form_tokens_used")) {
            mongo.getCollection(expiring).createIndex(Indexes.ascending("expiresAt"),
                    new IndexOptions().name("expires").expireAfter(Duration.ZERO.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        }
        backfillCompanyNameKeys();
    }

    private void backfillCompanyNameKeys() {
        Query missing = Query.query(Criteria.where("nameKey").exists(false).and("name").exists(true));
        missing.fields().include("_id").include("name");
        for (Document company : mongo.find(missing, Document.class, Company.COLLECTION)) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(company.get("_id")).and("nameKey").exists(false)),
                    Update.update("nameKey", SearchKeys.normalize(company.getString("name"))), Company.COLLECTION);
        }
    }
}

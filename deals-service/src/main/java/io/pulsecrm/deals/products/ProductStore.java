package io.pulsecrm.deals.products;

import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.pulsecrm.deals.DealsProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;

/** The catalogue's topic and indexes (idempotent to create). */
@Configuration(proxyBeanMethods = false)
class ProductStore implements SmartInitializingSingleton {

    private final MongoTemplate mongo;

    ProductStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Bean
    NewTopic productTopic(DealsProperties properties) {
        return TopicBuilder.name(Product.TOPIC).partitions(properties.topicPartitions()).replicas(1).build();
    }

    @Override
    public void afterSingletonsInstantiated() {
        var products = mongo.getCollection(Product.COLLECTION);
        // the SKU claim: one live product per SKU whatever the number of replicas (deleted ones hold "~deleted~<id>")
        products.createIndex(Indexes.ascending("skuKey"), new IndexOptions().unique(true).name("sku_key"));
        // the catalogue in name order (list, search, export), with or without "active only": equality, then the order,
        // then the search prefix's range on the word keys, so a page is read in order and stops at its limit
        products.createIndex(Indexes.ascending("deletedAt", "nameKey", "_id", "searchKeys"), new IndexOptions().name("live_name"));
        products.createIndex(Indexes.ascending("active", "deletedAt", "nameKey", "_id", "searchKeys"),
                new IndexOptions().name("active_name"));
        // as for deals: a live read by {_id, deletedAt: null} is an index match on the embedded store
        products.createIndex(Indexes.ascending("_id", "deletedAt"), new IndexOptions().unique(true).name("id_live"));
    }
}

package io.pulsecrm.tasks.tasks;


import java.util.List;

import io.pulsecrm.tasks.calendar.CalendarFeeds;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TasksProperties.class)
class TaskConfiguration {

    /** Declared here so partitions are chosen, not left to broker defaults on first publish. */
    @Bean
    NewTopic taskTopic(TasksProperties properties) {
        return TopicBuilder.name(Task.TOPIC).partitions(properties.topicPartitions()).replicas(1).build();
    }

    /**
     * The timer job polls nextTimerAt; agendas, related lists and reactions filter on the others. Each list is paged
     * or ordered by {@code _id} (or due time, then {@code _id}), so {@code _id} ends the keys: MongoDB then reads a page
     * in order instead of sorting every match in memory (the index check in the tests holds the queries to this).
     * Calendar feeds are opened by their token's hash: unique, so the embedded store answers it from the index too.
     */
    @Bean
    TaskIndexes taskIndexes(MongoTemplate mongo) {
        var indexes = mongo.indexOps(Task.class);
        indexes.createIndex(new Index().on("nextTimerAt", Sort.Direction.ASC));
        indexes.createIndex(new Index().on("assigneeId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("dueAt", Sort.Direction.ASC).on("_id", Sort.Direction.ASC).named("assignee_status_due"));
        for (String relation : List.of("contactId", "companyId", "dealId")) {
            indexes.createIndex(new Index().on(relation, Sort.Direction.ASC).on("_id", Sort.Direction.ASC)
                    .named(relation.replace("Id", "")));
        }
        // AggregateStore reads a live task with {_id, deletedAt: null}: the embedded store answers a query from an index only
        // when it names exactly that index's fields, so without this every read of one task scans them all
        indexes.createIndex(new Index().on("_id", Sort.Direction.ASC).on("deletedAt", Sort.Direction.ASC).unique()
                .named("id_live"));
        mongo.indexOps(CalendarFeeds.COLLECTION).createIndex(new Index().on("tokenHash", Sort.Direction.ASC).unique()
                .named("token"));
        return new TaskIndexes();
    }

    static final class TaskIndexes {
    }
}

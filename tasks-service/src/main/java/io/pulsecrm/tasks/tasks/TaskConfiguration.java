package io.pulsecrm.tasks.tasks;


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

    /** The timer job polls nextTimerAt; agendas, related lists and reactions filter on the others. */
    @Bean
    TaskIndexes taskIndexes(MongoTemplate mongo) {
        var indexes = mongo.indexOps(Task.class);
        indexes.createIndex(new Index().on("nextTimerAt", Sort.Direction.ASC));
        indexes.createIndex(new Index().on("assigneeId", Sort.Direction.ASC).on("status", Sort.Direction.ASC)
                .on("dueAt", Sort.Direction.ASC));
        indexes.createIndex(new Index().on("contactId", Sort.Direction.ASC));
        indexes.createIndex(new Index().on("companyId", Sort.Direction.ASC));
        indexes.createIndex(new Index().on("dealId", Sort.Direction.ASC));
        return new TaskIndexes();
    }

    static final class TaskIndexes {
    }
}

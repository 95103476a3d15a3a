package io.pulsecrm.deals.documents;

import java.time.Clock;

import io.pulsecrm.platform.context.EventContext;
import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Finishes documents a crash left half-generated (numbered, but the PDF or the deal's event not written), on one
 * replica at a time: each step is conditional, so finishing one the request is still working on changes nothing.
 */
@Configuration(proxyBeanMethods = false)
class DocumentCompletion {

    static final String JOB_NAME = "deal-documents-completion";
    private static final Logger log = LoggerFactory.getLogger(DocumentCompletion.class);
    private static final int BATCH = 100;

    @Bean
    LeasedJob documentCompletionJob(LeasedJobs jobs, MongoTemplate mongo, DocumentGeneration generation,
                                    DocumentsProperties properties, Clock clock) {
        return jobs.every(properties.completionInterval(), JOB_NAME, () -> EventContext.asSystem("deals-documents", () -> {
            Query unfinished = Query.query(Criteria.where("announced").is(false)
                    .and("createdAt").lt(clock.instant().minus(properties.completionDelay())))
                    .with(Sort.by("announced", "createdAt")).limit(BATCH);
            for (GeneratedDocument document : mongo.find(unfinished, GeneratedDocument.class)) {
                try {
                    generation.complete(document);
                } catch (RuntimeException e) {
                    log.warn("Document {} of deal {} could not be finished yet: {}", document.id(), document.dealId(),
                            e.toString());
                }
            }
        }));
    }
}

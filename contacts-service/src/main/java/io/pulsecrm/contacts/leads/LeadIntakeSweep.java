package io.pulsecrm.contacts.leads;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Deletes expired rate-limit windows and used form-token records, once across replicas. MongoDB would expire them
 * itself (TTL indexes on {@code expiresAt}); the embedded store has no TTL, and this keeps it small as well.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeadIntakeProperties.class)
class LeadIntakeSweep {

    static final Duration INTERVAL = Duration.ofMinutes(5);

    @Bean
    LeasedJob leadIntakeSweepJob(LeasedJobs jobs, MongoTemplate mongo, Clock clock) {
        return jobs.every(INTERVAL, "lead-intake-sweep", () -> {
            Query expired = Query.query(Criteria.where("expiresAt").lt(Date.from(clock.instant())));
            mongo.remove(expired, IntakeRateLimiter.COLLECTION);
            mongo.remove(expired, FormTokens.USED);
        });
    }
}

package io.pulsecrm.contacts.duplicates;

import java.time.Duration;

import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DuplicatesProperties.class)
class DuplicatesConfiguration {

    /** Runs at start (and is a no-op once done); the lease covers indexing a large existing database. */
    @Bean
    LeasedJob keyIndexBackfillJob(LeasedJobs jobs, KeyIndexBackfill backfill) {
        return jobs.every(Duration.ofMinutes(1), "key-index-backfill", Duration.ofHours(2), backfill::run);
    }
}

package io.pulsecrm.deals.stats;

import io.pulsecrm.deals.DealsProperties;
import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Looks for a requested statistics build every {@code pulse.deals.stats.rebuild-check-interval}, on one replica at a time. */
@Configuration(proxyBeanMethods = false)
class StatsSchedule {

    @Bean
    LeasedJob statsRebuildJob(LeasedJobs jobs, StatsRebuild rebuild, DealsProperties properties) {
        return jobs.every(properties.stats().rebuildCheckInterval(), StatsRebuild.JOB_NAME, properties.stats().rebuildLease(),
                rebuild::runOnce);
    }
}

package io.pulsecrm.deals.deals;

import io.pulsecrm.deals.DealsProperties;
import io.pulsecrm.platform.jobs.LeasedJob;
import io.pulsecrm.platform.jobs.LeasedJobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the stalled-deal check every {@code pulse.deals.stall-check-interval}, on one replica at a time. */
@Configuration(proxyBeanMethods = false)
class StalledDealSchedule {

    @Bean
    LeasedJob stalledDealJob(LeasedJobs jobs, StalledDealDetector detector, DealsProperties properties) {
        return jobs.every(properties.stallCheckInterval(), StalledDealDetector.JOB_NAME, detector::detectOnce);
    }
}
